import styles from './demo-kit.module.css';
import type { ControlOption } from './select-control';

/** Props of {@link MultiSelectControl}. */
export interface MultiSelectControlProps<T extends string | number> {
  /** The group's visible name (a `<legend>`). */
  legend: string;
  options: readonly ControlOption<T>[];
  value: readonly T[];
  /** The new selection, in the options' order. */
  onChange: (value: T[]) => void;
  disabled?: boolean;
}

/**
 * A group of labelled checkboxes in a `<fieldset>`: Tab moves between them, Space toggles.
 * Chosen over `<select multiple>`, which needs Ctrl-click and hides its state.
 */
export function MultiSelectControl<T extends string | number>({
  legend,
  options,
  value,
  onChange,
  disabled = false,
}: MultiSelectControlProps<T>) {
  const toggle = (item: T, on: boolean) =>
    onChange(
      options.map((option) => option.value).filter((v) => (v === item ? on : value.includes(v))),
    );
  return (
    <fieldset className={styles.fieldset} disabled={disabled}>
      <legend>{legend}</legend>
      <div className={styles.options}>
        {options.map((option) => (
          <label key={String(option.value)} className={styles.check}>
            <input
              type="checkbox"
              value={String(option.value)}
              checked={value.includes(option.value)}
              disabled={option.disabled}
              onChange={(event) => toggle(option.value, event.target.checked)}
            />
            {option.label ?? String(option.value)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
