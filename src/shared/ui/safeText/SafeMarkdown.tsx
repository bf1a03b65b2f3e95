/**
 * Customer (and staff) text as markdown, rendered safely: the text is parsed into marked's
 * tokens and each token becomes a React element from a fixed set, so nothing is ever handed
 * to the DOM as HTML. HTML written into a message shows as the literal text it is; links are
 * clickable only for http(s) and mail addresses and open outside the app (a new window in a
 * browser, the system browser in Electron, whose window guard routes target=_blank there);
 * images are shown as links, never loaded. Long unbroken strings wrap (styles.css `.markdown`).
 */
import { Lexer, type Token, type Tokens } from 'marked';
import type { ReactNode } from 'react';
import { safeLinkTarget } from '../../safeLink';

/** Deeper nesting than this (a hostile `>>>>>>…`) is shown as its source text. */
const maxDepth = 12;

function ExternalLink({ href, title, children }: { href: string; title?: string | null; children: ReactNode }) {
  const target = safeLinkTarget(href);
  if (!target) return <span className="unsafe-link">{children}</span>;
  return (
    <a href={target} title={title ?? target} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

function renderTokens(tokens: readonly Token[] | undefined, depth: number): ReactNode[] {
  return (tokens ?? []).map((t, i) => renderToken(t, depth, i));
}

function renderToken(t: Token, depth: number, key: number): ReactNode {
  if (depth > maxDepth) return <span key={key}>{t.raw}</span>;
  const inner = (tokens: readonly Token[] | undefined) => renderTokens(tokens, depth + 1);
  const token = t as Tokens.Generic;
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'paragraph':
      return <p key={key}>{inner((token as Tokens.Paragraph).tokens)}</p>;
    case 'heading': {
      // Headings inside a message are not the page's headings: shown as bold lines.
      return (
        <p key={key} className="md-heading">
          <strong>{inner((token as Tokens.Heading).tokens)}</strong>
        </p>
      );
    }
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? <span key={key}>{inner(text.tokens)}</span> : text.text;
    }
    case 'escape':
      return (token as Tokens.Escape).text;
    case 'html':
      // Raw HTML in customer text is shown as the characters it is made of.
      return (token as Tokens.HTML).block ? (
        <p key={key} className="md-literal">
          {(token as Tokens.HTML).text}
        </p>
      ) : (
        (token as Tokens.HTML).text
      );
    case 'strong':
      return <strong key={key}>{inner((token as Tokens.Strong).tokens)}</strong>;
    case 'em':
      return <em key={key}>{inner((token as Tokens.Em).tokens)}</em>;
    case 'del':
      return <del key={key}>{inner((token as Tokens.Del).tokens)}</del>;
    case 'codespan':
      return <code key={key}>{(token as Tokens.Codespan).text}</code>;
    case 'code':
      return (
        <pre key={key}>
          <code>{(token as Tokens.Code).text}</code>
        </pre>
      );
    case 'br':
      return <br key={key} />;
    case 'hr':
      return <hr key={key} />;
    case 'blockquote':
      return <blockquote key={key}>{inner((token as Tokens.Blockquote).tokens)}</blockquote>;
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item, i) => (
        <li key={i}>
          {item.task && <span aria-label={item.checked ? 'done' : 'not done'}>{item.checked ? '☑ ' : '☐ '}</span>}
          {renderTokens(item.tokens, depth + 1)}
        </li>
      ));
      return list.ordered ? (
        <ol key={key} start={typeof list.start === 'number' ? list.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'checkbox':
      return null;
    case 'link': {
      const link = token as Tokens.Link;
      return (
        <ExternalLink key={key} href={link.href} title={link.title}>
          {inner(link.tokens)}
        </ExternalLink>
      );
    }
    case 'image': {
      // Never loaded: a remote image would tell the sender that (and when) the message was read.
      const image = token as Tokens.Image;
      return (
        <ExternalLink key={key} href={image.href} title={image.title}>
          [image{image.text ? `: ${image.text}` : ''}]
        </ExternalLink>
      );
    }
    case 'table': {
      const table = token as Tokens.Table;
      return (
        <div key={key} className="md-table">
          <table>
            <thead>
              <tr>
                {table.header.map((cell, i) => (
                  <th key={i}>{renderTokens(cell.tokens, depth + 1)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i}>{renderTokens(cell.tokens, depth + 1)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    default:
      // A token type this renderer does not know (a newer marked): its source, as text.
      return <span key={key}>{token.raw}</span>;
  }
}

export function SafeMarkdown({ text, className }: { text: string; className?: string }) {
  let tokens: Token[];
  try {
    tokens = Lexer.lex(text, { gfm: true, breaks: true });
  } catch {
    return <div className={`markdown plain ${className ?? ''}`}>{text}</div>;
  }
  return <div className={`markdown ${className ?? ''}`}>{renderTokens(tokens, 0)}</div>;
}
