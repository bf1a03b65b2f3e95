/**
 * A newsletter email: the admin's markdown as HTML (marked's tokens, each written from a
 * fixed set of elements with every piece of text escaped, as the console's SafeMarkdown
 * preview shows it: raw HTML stays the text it is, only http(s) and mailto links are links,
 * images are never loaded), the markdown itself as the plain-text part, and a footer that
 * says why the recipient gets it and how to stop. The List-Unsubscribe headers make the
 * mail client's own "Unsubscribe" button a one-click POST (RFC 8058).
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { topicTitle, type NewsletterTopicName } from '../../shared/newsletters/newsletters';
import { safeLinkTarget } from '../../shared/safeLink';
import { escapeHtml, type RenderedEmail } from '../email/templates';

const maxDepth = 12;

function link(href: string, title: string | null | undefined, inner: string): string {
  const target = safeLinkTarget(href);
  if (!target) return `<span>${inner}</span>`;
  return `<a href="${escapeHtml(target)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${inner}</a>`;
}

function html(tokens: readonly Token[] | undefined, depth: number): string {
  return (tokens ?? []).map((t) => tokenHtml(t, depth)).join('');
}

function tokenHtml(t: Token, depth: number): string {
  if (depth > maxDepth) return escapeHtml(t.raw);
  const inner = (tokens: readonly Token[] | undefined) => html(tokens, depth + 1);
  const token = t as Tokens.Generic;
  switch (token.type) {
    case 'space':
    case 'def':
    case 'checkbox':
      return '';
    case 'paragraph':
      return `<p>${inner((token as Tokens.Paragraph).tokens)}</p>\n`;
    case 'heading': {
      const h = token as Tokens.Heading;
      // A newsletter's headings are its own: h2 and below, under the subject.
      const level = Math.min(6, Math.max(2, h.depth + 1));
      return `<h${level}>${inner(h.tokens)}</h${level}>\n`;
    }
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inner(text.tokens) : escapeHtml(text.text);
    }
    case 'escape':
      return escapeHtml((token as Tokens.Escape).text);
    case 'html':
      // Raw HTML in the markdown is shown as the characters it is made of.
      return (token as Tokens.HTML).block ? `<p>${escapeHtml((token as Tokens.HTML).text)}</p>\n` : escapeHtml((token as Tokens.HTML).text);
    case 'strong':
      return `<strong>${inner((token as Tokens.Strong).tokens)}</strong>`;
    case 'em':
      return `<em>${inner((token as Tokens.Em).tokens)}</em>`;
    case 'del':
      return `<del>${inner((token as Tokens.Del).tokens)}</del>`;
    case 'codespan':
      return `<code>${escapeHtml((token as Tokens.Codespan).text)}</code>`;
    case 'code':
      return `<pre><code>${escapeHtml((token as Tokens.Code).text)}</code></pre>\n`;
    case 'br':
      return '<br>';
    case 'hr':
      return '<hr>\n';
    case 'blockquote':
      return `<blockquote>${inner((token as Tokens.Blockquote).tokens)}</blockquote>\n`;
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item) => `<li>${item.task ? (item.checked ? '☑ ' : '☐ ') : ''}${html(item.tokens, depth + 1)}</li>`).join('');
      return list.ordered ? `<ol${typeof list.start === 'number' ? ` start="${list.start}"` : ''}>${items}</ol>\n` : `<ul>${items}</ul>\n`;
    }
    case 'link': {
      const l = token as Tokens.Link;
      return link(l.href, l.title, inner(l.tokens));
    }
    case 'image': {
      // Never loaded: a remote image would tell who read the newsletter, and when.
      const image = token as Tokens.Image;
      return link(image.href, image.title, escapeHtml(`[image${image.text ? `: ${image.text}` : ''}]`));
    }
    case 'table': {
      const table = token as Tokens.Table;
      const head = table.header.map((c) => `<th>${html(c.tokens, depth + 1)}</th>`).join('');
      const rows = table.rows.map((r) => `<tr>${r.map((c) => `<td>${html(c.tokens, depth + 1)}</td>`).join('')}</tr>`).join('');
      return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>\n`;
    }
    default:
      // A token type this writer does not know (a newer marked): its source, as text.
      return escapeHtml(token.raw);
  }
}

/** The markdown as safe HTML (the console's preview shows the same elements). */
export function newsletterHtml(markdown: string): string {
  try {
    return html(Lexer.lex(markdown, { gfm: true, breaks: true }), 0);
  } catch {
    return `<p style="white-space: pre-wrap">${escapeHtml(markdown)}</p>`;
  }
}

export interface NewsletterContent {
  topic: NewsletterTopicName;
  subject: string;
  body: string;
}

export interface NewsletterRecipient {
  company: string;
  /** The one-click link; null for an admin's test send (it has no subscriber to stop). */
  unsubscribeUrl: string | null;
  /** The portal's Newsletter options. */
  optionsUrl: string;
}

export interface ComposedNewsletter extends RenderedEmail {
  headers: Record<string, string>;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function composeNewsletter(c: NewsletterContent, r: NewsletterRecipient, opts: { test?: boolean } = {}): ComposedNewsletter {
  const topic = topicTitle(c.topic);
  const why = `You receive this because ${r.company} is subscribed to "${topic}" in its Newsletter options.`;
  const stop = r.unsubscribeUrl ?? '(the recipient\'s own one-click unsubscribe link)';
  const subject = `${opts.test ? '[Test] ' : ''}${oneLine(c.subject)}`.slice(0, 250);
  const text = [
    c.body.trim(),
    '',
    '-- ',
    why,
    `Unsubscribe from "${topic}": ${stop}`,
    `All your newsletter options: ${r.optionsUrl}`,
  ].join('\n');
  const htmlBody = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.4">
${opts.test ? '<p style="color: #a00">Test send: only you received this.</p>\n' : ''}<h1 style="font-size: 1.3em">${escapeHtml(oneLine(c.subject))}</h1>
${newsletterHtml(c.body)}
<hr>
<p style="color: #777; font-size: smaller">${escapeHtml(why)}<br>
${r.unsubscribeUrl ? `<a href="${escapeHtml(r.unsubscribeUrl)}">Unsubscribe from ${escapeHtml(topic)}</a>` : escapeHtml(`Unsubscribe from ${topic}: ${stop}`)} · <a href="${escapeHtml(r.optionsUrl)}">Newsletter options</a></p>
</body></html>
`;
  const headers: Record<string, string> = { Precedence: 'bulk' };
  if (r.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${r.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return { subject, text, html: htmlBody, headers };
}
