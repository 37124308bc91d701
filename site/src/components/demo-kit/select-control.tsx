import { type ReactNode, useId } from 'react';
import styles from './demo-kit.module.css';

/** One option of a {@link SelectControl}. */
export interface ControlOption<T> {
  value: T;
  /** Visible text. Default: the value. */
  label?: string;
  disabled?: boolean;
}

/** Props of {@link SelectControl}. */
export interface SelectControlProps<T extends string> {
  label: string;
  value: T;
  options: readonly ControlOption<T>[];
  onChange: (value: T) => void;
  hint?: ReactNode;
  disabled?: boolean;
}

/** A native `<select>` with a visible label. */
export function SelectControl<T extends string>({
  label,
  value,
  options,
  onChange,
  hint,
  disabled = false,
}: SelectControlProps<T>) {
  const id = useId();
  return (
    <div className={styles.control}>
      <label className={styles.label} htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className={styles.input}
        value={value}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => {
          const next = options.find((option) => option.value === event.target.value);
          if (next) onChange(next.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label ?? option.value}
          </option>
        ))}
      </select>
      {hint && (
        <span className={styles.hint} id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}
