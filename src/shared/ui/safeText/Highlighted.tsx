/** A search snippet: text runs with the matched words marked. Each run is React text, never HTML. */
import type { SearchHit } from '../../console/schemas';

export function Highlighted({ parts }: { parts: SearchHit['snippet'] }) {
  return (
    <span className="snippet">
      {parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
