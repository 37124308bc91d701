import styles from './demo-kit.module.css';

/** Props of {@link ToggleControl}. */
export interface ToggleControlProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

/** A checkbox inside its visible label (Space toggles it). */
export function ToggleControl({ label, checked, onChange, disabled = false }: ToggleControlProps) {
  return (
    <label className={styles.check}>
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
      />
      {label}
    </label>
  );
}
