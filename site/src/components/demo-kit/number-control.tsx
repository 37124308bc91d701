import { useId, useState } from 'react';
import styles from './demo-kit.module.css';

/** Props of {@link NumberControl}. */
export interface NumberControlProps {
  label: string;
  value: number;
  onChange: (value: number) => void;
  min: number;
  max: number;
  /** Step of the slider and the arrow keys. Default 1. */
  step?: number;
  /** Show a slider beside the numeric input. Default true. */
  slider?: boolean;
  /** A short help text under the control. */
  hint?: string;
  disabled?: boolean;
}

/**
 * A number with a visible label, a slider and a numeric input that stay in step. Typed values
 * outside [min, max] are not committed; leaving the field shows the committed value again.
 */
export function NumberControl({
  label,
  value,
  onChange,
  min,
  max,
  step = 1,
  slider = true,
  hint,
  disabled = false,
}: NumberControlProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const commit = (text: string) => {
    setDraft(text);
    const next = Number(text);
    if (text.trim() !== '' && Number.isFinite(next) && next >= min && next <= max) onChange(next);
  };
  return (
    <div className={styles.control}>
      <label className={styles.label} htmlFor={`${id}-input`} id={`${id}-label`}>
        {label}
      </label>
      <div className={styles.numberRow}>
        {slider && (
          <input
            type="range"
            aria-labelledby={`${id}-label`}
            min={min}
            max={max}
            step={step}
            value={value}
            disabled={disabled}
            onChange={(event) => onChange(Number(event.target.value))}
          />
        )}
        <input
          id={`${id}-input`}
          className={`${styles.input} ${styles.numberInput}`}
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step}
          value={draft ?? String(value)}
          disabled={disabled}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(event) => commit(event.target.value)}
          onBlur={() => setDraft(null)}
        />
      </div>
      {hint && (
        <span className={styles.hint} id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}
