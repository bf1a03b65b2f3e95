/**
 * A bar chart in plain SVG. Every chart also carries its numbers as a table for screen
 * readers (the SVG is hidden from them), so nothing is told by the drawing alone.
 */
export interface Bar {
  label: string;
  value: number;
  /** A part of the value drawn over it (e.g. breached of due). */
  part?: number;
}

const plotHeight = 130;
/** Room above the tallest bar for its number, and below the bars for the labels. */
const top = 14;
const bottom = 20;
const gap = 8;

export function BarChart({ title, bars, unit, partLabel }: { title: string; bars: Bar[]; unit: string; partLabel?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  // Few categories get wide bars with readable labels; a fortnight of days gets narrow ones.
  const barW = bars.length <= 6 ? 64 : 26;
  const maxChars = Math.floor((barW + gap) / 6);
  const width = bars.length * (barW + gap) + gap;
  const height = top + plotHeight + bottom;
  return (
    // Focusable: a wide chart scrolls sideways, and keyboard users must be able to scroll it too.
    <figure className="chart" tabIndex={0}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="presentation" aria-hidden="true">
        {bars.map((b, i) => {
          const x = gap + i * (barW + gap);
          const bh = (b.value / max) * plotHeight;
          const ph = b.part !== undefined ? (b.part / max) * plotHeight : 0;
          const base = top + plotHeight;
          return (
            <g key={b.label}>
              <title>{`${b.label}: ${b.value}${partLabel && b.part !== undefined ? `, ${partLabel.toLowerCase()} ${b.part}` : ''}`}</title>
              <rect className="bar" x={x} y={base - bh} width={barW} height={bh} rx={2} />
              {ph > 0 && <rect className="bar-part" x={x} y={base - ph} width={barW} height={ph} rx={2} />}
              <text className="bar-value" x={x + barW / 2} y={base - bh - 3} textAnchor="middle">
                {b.value}
              </text>
              <text className="bar-label" x={x + barW / 2} y={base + 14} textAnchor="middle">
                {b.label.length > maxChars ? `${b.label.slice(0, maxChars - 1)}…` : b.label}
              </text>
            </g>
          );
        })}
      </svg>
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
              <th scope="row">{b.label}</th>
              <td>{b.value}</td>
              {partLabel && <td>{b.part ?? 0}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
