import type { InputHTMLAttributes } from "react";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/ui/field-styles";

type FormFieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string };

export function FormField({ label, hint, id, className = "", ...input }: FormFieldProps) {
  const inputId = id ?? input.name;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={inputId} className={LABEL_CLASS}>
        {label}
      </label>
      <input id={inputId} className={`${INPUT_CLASS} w-full ${className}`} {...input} />
      {hint && <p className="text-xs text-zinc-400">{hint}</p>}
    </div>
  );
}
