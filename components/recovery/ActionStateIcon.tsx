import { Ban, CircleCheck, CircleDashed, CircleSlash, CircleX, Clock, LoaderCircle, TriangleAlert } from "lucide-react";
import { actionStateLabel, actionTone, didNotHeal, TONE_STYLES } from "@/components/recovery/recovery-states";

/** Spinner while running, check, cross, clock for a timeout: the shape says it even without colour. */
export function ActionStateIcon({ state, outcome, className = "size-4" }: { state: string; outcome?: string | null; className?: string }) {
  const tone = TONE_STYLES[actionTone(state, outcome)].text;
  const props = { className: `${className} shrink-0 ${tone}`, "aria-label": actionStateLabel(state, outcome), role: "img" };
  if (didNotHeal(state, outcome)) return <TriangleAlert {...props} />;
  switch (state) {
    case "running":
      return <LoaderCircle {...props} className={`${props.className} animate-spin`} />;
    case "succeeded":
      return <CircleCheck {...props} />;
    case "failed":
      return <CircleX {...props} />;
    case "timed_out":
      return <Clock {...props} />;
    case "blocked":
      return <Ban {...props} />;
    case "cancelled":
      return <CircleSlash {...props} />;
    default:
      return <CircleDashed {...props} />;
  }
}
