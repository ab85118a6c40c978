import { CircleAlert } from "lucide-react";
import { Button } from "./Button";

type ErrorStateProps = {
  title?: string;
  message: string;
  onRetry?: () => void;
  className?: string;
};

export function ErrorState({ title = "Could not load this", message, onRetry, className = "h-40" }: ErrorStateProps) {
  return (
    <div role="alert" className={`flex flex-col items-center justify-center gap-2 px-4 text-center ${className}`}>
      <div className="flex items-center gap-2 text-sm font-medium text-red-300">
        <CircleAlert className="size-4" aria-hidden />
        {title}
      </div>
      <p className="max-w-md text-sm text-zinc-400">{message}</p>
      {onRetry && (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}
