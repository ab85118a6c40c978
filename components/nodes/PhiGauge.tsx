import { STATE_STYLES } from "@/components/nodes/state-colors";

/** Default detector thresholds (VIGIL_SUSPECT_PHI / VIGIL_DOWN_PHI); the marks are a guide, the state is the verdict. */
const SUSPECT_PHI = 3;
const DOWN_PHI = 8;
const SCALE_MAX = 12;

export function PhiGauge({ phi }: { phi: number }) {
  const clamped = Number.isFinite(phi) ? Math.min(SCALE_MAX, Math.max(0, phi)) : SCALE_MAX;
  const fill = phi >= DOWN_PHI ? STATE_STYLES.down.solid : phi >= SUSPECT_PHI ? STATE_STYLES.suspect.solid : STATE_STYLES.healthy.solid;
  return (
    <div>
      <div className="relative h-2 overflow-hidden rounded-full bg-zinc-800">
        <div className={`h-full ${fill} transition-[width] duration-300`} style={{ width: `${(clamped / SCALE_MAX) * 100}%` }} />
        {[SUSPECT_PHI, DOWN_PHI].map((mark) => (
          <div key={mark} className="absolute inset-y-0 w-px bg-zinc-400/70" style={{ left: `${(mark / SCALE_MAX) * 100}%` }} aria-hidden />
        ))}
      </div>
      <div className="relative mt-1 h-3 text-[10px] text-zinc-400">
        <span className="absolute" style={{ left: `${(SUSPECT_PHI / SCALE_MAX) * 100}%`, transform: "translateX(-50%)" }}>
          suspect {SUSPECT_PHI}
        </span>
        <span className="absolute" style={{ left: `${(DOWN_PHI / SCALE_MAX) * 100}%`, transform: "translateX(-50%)" }}>
          down {DOWN_PHI}
        </span>
      </div>
    </div>
  );
}
