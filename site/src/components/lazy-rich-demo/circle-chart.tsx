import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { endLabels, formatValue } from '../demo-kit';
import styles from '../demo-kit/demo-kit.module.css';

/** One point of a curve over the circle: the target, a training point or a network's output. */
export interface CircleRow {
  theta: number;
  value: number;
  series: string;
  kind: 'target' | 'data' | 'net';
}

const PI_TICKS = [0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2, 2 * Math.PI];
const PI_TEXT = ['0', 'π/2', 'π', '3π/2', '2π'];
const piText = (v: number) =>
  PI_TEXT[PI_TICKS.findIndex((t) => Math.abs(t - v) < 1e-9)] ?? formatValue(v);

/**
 * Functions on the circle against the angle θ ∈ [0, 2π], with ticks at multiples of π/2 (which
 * the kit's Chart cannot set): the target dashed, the training points as dots, one coloured line
 * per network with its label at the end (pushed apart by the kit's endLabels). Accessible like
 * the kit's charts: one role="img" SVG with a <title>.
 */
export function CircleChart({
  data,
  title,
  yLabel,
  height = 300,
}: {
  data: readonly CircleRow[];
  title: string;
  yLabel: string;
  height?: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = container.current;
    if (!node) return;
    const rows = data as CircleRow[];
    const target = rows.filter((r) => r.kind === 'target');
    const points = rows.filter((r) => r.kind === 'data');
    const nets = rows.filter((r) => r.kind === 'net');
    const width = Math.max(280, Math.min(node.clientWidth || 640, 900));
    const figure = Plot.plot({
      width,
      height,
      marginLeft: 56,
      marginRight: 96,
      style: { fontSize: '12px' },
      x: {
        domain: [0, 2 * Math.PI],
        ticks: PI_TICKS,
        tickFormat: piText,
        grid: true,
        label: 'angle θ on the circle',
      },
      y: { grid: true, tickFormat: (v: number) => formatValue(v), label: yLabel },
      color: { type: 'categorical' },
      ariaLabel: title,
      marks: [
        Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.3 }),
        Plot.line(target, {
          x: 'theta',
          y: 'value',
          stroke: 'currentColor',
          strokeDasharray: '5 4',
          strokeWidth: 1.5,
        }),
        Plot.line(nets, { x: 'theta', y: 'value', stroke: 'series', z: 'series', strokeWidth: 2 }),
        Plot.dot(points, { x: 'theta', y: 'value', r: 3.5, fill: 'currentColor' }),
        endLabels([...nets, ...target], { x: 'theta', y: 'value', z: 'series' }),
        Plot.tip(nets, Plot.pointer({ x: 'theta', y: 'value', stroke: 'series' })),
      ],
    });
    const svg = figure instanceof SVGSVGElement ? figure : figure.querySelector('svg');
    if (svg) {
      for (const child of svg.querySelectorAll('[aria-label], [aria-description]')) {
        child.removeAttribute('aria-label');
        child.removeAttribute('aria-description');
      }
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', title);
      const titleNode = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      titleNode.textContent = title;
      svg.prepend(titleNode);
    }
    node.replaceChildren(figure);
  }, [data, title, yLabel, height]);
  return <div ref={container} className={styles.chart} />;
}
