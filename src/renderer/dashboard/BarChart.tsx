/**
 * A bar chart in plain SVG (no chart library: bars, a value axis, a legend and tooltips are all
 * a dashboard of counts needs). It scales to the width it has, so no bar is ever cut off.
 * Hovering a bar, or the arrow keys on the focused chart, show its figures in a tooltip. Every
 * chart also carries its numbers as a table for screen readers (the SVG is hidden from them),
 * so nothing is told by the drawing alone.
 */
import { useState, type KeyboardEvent } from 'react';

export interface Bar {
  label: string;
  /** A longer label for the tooltip and the table ("Thu 3 Dec (today)"). */
  fullLabel?: string;
  value: number;
  /** A part of the value drawn over it (e.g. breached of due). */
  part?: number;
}

export interface Legend {
  /** What the whole bar counts, and its colour by name ("Met the target", "blue"). */
  value: { label: string; colour: string };
  part?: { label: string; colour: string };
}

const width = 480;
const height = 210;
const left = 34;
const right = 8;
const top = 12;
const bottom = 24;
const plotW = width - left - right;
const plotH = height - top - bottom;

/** Round axis steps (1, 2, 5 × 10ⁿ) giving at most five gridlines. */
export function axisTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? power * 10;
  const stepInt = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let v = 0; v < max + stepInt; v += stepInt) ticks.push(v);
  return ticks;
}

export function BarChart({ title, bars, unit, partLabel, legend }: { title: string; bars: Bar[]; unit: string; partLabel?: string; legend?: Legend }) {
  const [shown, setShown] = useState<number | null>(null);
  const ticks = axisTicks(Math.max(0, ...bars.map((b) => b.value)));
  const top_ = ticks.at(-1)!;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.min(56, slot * 0.7);
  // Labels thin out on a month of days so they never overlap.
  const maxChars = Math.max(3, Math.floor(slot / 6.2));
  const short = (label: string) => (label.length > maxChars ? `${label.slice(0, maxChars - 1)}…` : label);
  const labelEvery = Math.max(1, Math.ceil(bars.length / Math.floor(plotW / 34)));
  const y = (v: number) => top + plotH - (v / top_) * plotH;
  const tooltipOf = (b: Bar) => `${b.fullLabel ?? b.label}: ${b.value}${partLabel && b.part !== undefined ? ` · ${partLabel.toLowerCase()} ${b.part}` : ''}`;

  const onKeyDown = (e: KeyboardEvent) => {
    if (!bars.length) return;
    const next = e.key === 'ArrowRight' ? (shown ?? -1) + 1 : e.key === 'ArrowLeft' ? (shown ?? bars.length) - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? bars.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    setShown(Math.max(0, Math.min(bars.length - 1, next)));
  };
  const current = shown === null ? undefined : bars[shown];

  return (
    // Focusable: the arrow keys walk the bars and show each one's figures.
    <figure className="chart" tabIndex={0} onKeyDown={onKeyDown} onBlur={() => setShown(null)} aria-keyshortcuts="ArrowLeft ArrowRight">
      <figcaption>{title}</figcaption>
      {legend && (
        <ul className="chart-legend" aria-label="Legend">
          {[legend.value, legend.part].filter((l) => l !== undefined).map((l, i) => (
            <li key={l.label}>
              <span className={`swatch ${i === 0 ? 'bar' : 'bar-part'}`} aria-hidden="true" /> {l.label} ({l.colour})
            </li>
          ))}
        </ul>
      )}
      <div className="chart-plot" onPointerLeave={() => setShown(null)}>
        <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" role="presentation" aria-hidden="true">
          {ticks.map((t) => (
            <g key={t} className="axis">
              <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} className={t === 0 ? 'baseline' : 'gridline'} />
              <text x={left - 4} y={y(t) + 3} textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          {bars.map((b, i) => {
            const x = left + i * slot + (slot - barW) / 2;
            const bh = (b.value / top_) * plotH;
            const ph = b.part !== undefined ? (b.part / top_) * plotH : 0;
            const base = top + plotH;
            return (
              <g key={b.label} className={shown === i ? 'shown' : undefined} onPointerEnter={() => setShown(i)}>
                {/* The whole slot answers the pointer, so a bar of 0 shows its tooltip too. */}
                <rect className="hit" x={left + i * slot} y={top} width={slot} height={plotH} />
                <rect className="bar" x={x} y={base - bh} width={barW} height={bh} rx={2} />
                {ph > 0 && <rect className="bar-part" x={x} y={base - ph} width={barW} height={ph} rx={2} />}
                {i % labelEvery === (bars.length - 1) % labelEvery && (
                  <text className="bar-label" x={x + barW / 2} y={base + 15} textAnchor="middle">
                    {short(b.label)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {current && (
          <div className="chart-tooltip" aria-hidden="true" style={{ left: `${Math.min(85, Math.max(15, ((left + (shown! + 0.5) * slot) / width) * 100))}%`, top: `${(y(current.value) / height) * 100}%` }}>
            {tooltipOf(current)}
          </div>
        )}
      </div>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{unit}</th>
            <th scope="col">Count</th>
            {partLabel && <th scope="col">{partLabel}</th>}
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.fullLabel ?? b.label}</th>
              <td>{b.value}</td>
              {partLabel && <td>{b.part ?? 0}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
