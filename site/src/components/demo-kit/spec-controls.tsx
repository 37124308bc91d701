// Controls and URL parameters derived from input specs: the one place that turns an
// experiment's (or a bound's) inputs into a form. Bound pages and demos both use it.
import { useId, useState } from 'react';
import styles from './demo-kit.module.css';
import type { ParamSpec } from './experiment';
import { LinkedText } from './linked-text';
import { NumberControl } from './number-control';
import { SelectControl } from './select-control';
import { ToggleControl } from './toggle-control';
import { booleanParam, choiceParam, numberParam, type UrlParam } from './url-params';

/** A comma-separated list of numbers, order kept (a spectrum must not be sorted). */
function listParam(spec: ParamSpec): UrlParam<readonly number[]> {
  const fallback = Array.isArray(spec.default) ? spec.default : [spec.default as number];
  const { min = -Infinity, max = Infinity } = spec as { min?: number; max?: number };
  const valid = (list: readonly number[]) =>
    list.length > 0 && list.every((v) => Number.isFinite(v) && v >= min && v <= max);
  return {
    defaultValue: fallback,
    parse: (text) => {
      const list = text.split(',').map((s) => Number(s.trim()));
      return valid(list) ? list : undefined;
    },
    normalize: (value) => (valid(value) ? value : fallback),
    serialize: (value) => value.join(','),
  };
}

/** The URL parameter of one spec: clamped numbers, allowed choices, 0/1 switches, lists. */
export function paramFor(spec: ParamSpec): UrlParam<unknown> {
  if (spec.type === 'boolean') return booleanParam({ default: spec.default }) as UrlParam<unknown>;
  if (spec.type === 'choice')
    return choiceParam({
      values: spec.choices ?? [],
      default: spec.default as string,
    }) as UrlParam<unknown>;
  if (spec.type === 'number-list') return listParam(spec) as UrlParam<unknown>;
  return numberParam({
    default: spec.default as number,
    ...(spec.min === undefined ? {} : { min: spec.min }),
    ...(spec.max === undefined ? {} : { max: spec.max }),
    integer: spec.type === 'integer',
  }) as UrlParam<unknown>;
}

/** The URL schema of a list of specs (key → parameter). */
export function schemaFor(specs: readonly ParamSpec[]): Record<string, UrlParam<unknown>> {
  return Object.fromEntries(specs.map((spec) => [spec.key, paramFor(spec)]));
}

function ListControl({
  spec,
  value,
  onChange,
}: {
  spec: ParamSpec;
  value: readonly number[];
  onChange: (v: number[]) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div className={styles.control}>
      <label htmlFor={id} className={styles.label}>
        {spec.label}
      </label>
      <input
        id={id}
        className={styles.input}
        value={draft ?? value.join(', ')}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setDraft(e.target.value);
          const list = e.target.value.split(',').map((s) => Number(s.trim()));
          if (list.length > 0 && list.every(Number.isFinite)) onChange(list);
        }}
        onBlur={() => setDraft(null)}
      />
      <span className={styles.hint} id={`${id}-hint`}>
        <LinkedText text={spec.description} />
      </span>
    </div>
  );
}

/** Props of {@link SpecControl}. */
export interface SpecControlProps {
  spec: ParamSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled?: boolean;
}

/**
 * The control of one spec: a slider with a number field (log-scaled when `logSlider`), a
 * select for a choice, a checkbox for a boolean, a text field for a list of numbers.
 */
export function SpecControl({ spec, value, onChange, disabled = false }: SpecControlProps) {
  if (spec.type === 'boolean') {
    return (
      <div className={styles.control}>
        <ToggleControl
          label={spec.label}
          checked={value as boolean}
          onChange={onChange}
          disabled={disabled}
        />
        <span className={styles.hint}>
          <LinkedText text={spec.description} />
        </span>
      </div>
    );
  }
  if (spec.type === 'number-list') {
    return <ListControl spec={spec} value={value as readonly number[]} onChange={onChange} />;
  }
  if (spec.type === 'choice') {
    return (
      <SelectControl
        label={spec.label}
        hint={<LinkedText text={spec.description} />}
        value={value as string}
        options={(spec.choices ?? []).map((c) => ({ value: c, label: spec.choiceLabels?.[c] }))}
        onChange={onChange}
        disabled={disabled}
      />
    );
  }
  const min = spec.min ?? -1e12;
  const max = spec.max ?? 1e12;
  const step = spec.step ?? (spec.type === 'integer' ? 1 : undefined);
  const numericStep = step ?? (max - min) / 1000;

  const slider =
    spec.slider !== false &&
    spec.min !== undefined &&
    spec.max !== undefined &&
    (spec.logSlider || (max - min) / numericStep <= 5000);
  return (
    <NumberControl
      label={spec.unit ? `${spec.label} (${spec.unit})` : spec.label}
      hint={<LinkedText text={spec.description} />}
      min={min}
      max={max}
      step={step ?? 'any'}
      slider={slider}
      logSlider={spec.logSlider === true && min > 0}
      integer={spec.type === 'integer'}
      value={value as number}
      onChange={onChange}
      disabled={disabled}
    />
  );
}
