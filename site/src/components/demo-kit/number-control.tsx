import { type ReactNode, useId, useState } from 'react';
import styles from './demo-kit.module.css';

/** Props of {@link NumberControl}. */
export interface NumberControlProps {
  label: string;
  value: number;
  onChange: (value: number) => void;
  min: number;
  max: number;
  /** Step of the slider and the arrow keys; 'any' for free values. Default 1. */
  step?: number | 'any';
  /** Show a slider beside the numeric input. Default true. */
  slider?: boolean;
  /** A short help text under the control. */
  hint?: ReactNode;
  disabled?: boolean;
  /** The slider moves through log10 of the value (min > 0): for sizes and rates. Default false. */
  logSlider?: boolean;
  /** Round slider values to integers. Default: step is a whole number. */
  integer?: boolean;
}

/** 200 slider positions between log10(min) and log10(max). */
const LOG_POSITIONS = 200;

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
  logSlider = false,
  integer = typeof step === 'number' && Number.isInteger(step),
}: NumberControlProps) {
  const id = useId();
  const log = logSlider && min > 0 && max > min;
  const lo = log ? Math.log10(min) : min;
  const hi = log ? Math.log10(max) : max;
  const fromSlider = (position: number) => {
    const raw = log ? 10 ** position : position;
    const rounded = integer ? Math.round(raw) : log ? Number(raw.toPrecision(3)) : raw;
    return Math.min(max, Math.max(min, rounded));
  };
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
            aria-valuetext={String(value)}
            min={lo}
            max={hi}
            step={log ? (hi - lo) / LOG_POSITIONS : step === 'any' ? (hi - lo) / 1000 : step}
            value={log ? Math.log10(Math.max(value, min)) : value}
            disabled={disabled}
            onChange={(event) => onChange(fromSlider(Number(event.target.value)))}
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
