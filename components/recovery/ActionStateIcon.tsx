import { Ban, CircleCheck, CircleDashed, CircleSlash, CircleX, Clock, LoaderCircle } from "lucide-react";
import { actionStateLabel, actionTone, TONE_STYLES } from "@/components/recovery/recovery-states";

/** Spinner while running, check, cross, clock for a timeout: the shape says it even without colour. */
export function ActionStateIcon({ state, className = "size-4" }: { state: string; className?: string }) {
  const tone = TONE_STYLES[actionTone(state)].text;
  const props = { className: `${className} shrink-0 ${tone}`, "aria-label": actionStateLabel(state), role: "img" };
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
