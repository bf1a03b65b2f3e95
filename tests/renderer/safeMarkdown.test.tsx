// @vitest-environment happy-dom
/**
 * Hostile customer text must come out as text: no element, attribute or URL from the message
 * may reach the DOM as markup. Script tags, event-handler attributes, javascript: and data:
 * links, remote images, deep nesting and huge unbroken strings.
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Highlighted } from '../../src/shared/ui/safeText/Highlighted';
import { SafeMarkdown } from '../../src/shared/ui/safeText/SafeMarkdown';
import { safeLinkTarget } from '../../src/shared/safeLink';

afterEach(cleanup);

declare global {
  // Set by a payload if it ever runs.
  var pwned: boolean | undefined;
}

function renderText(text: string): HTMLElement {
  return render(<SafeMarkdown text={text} />).container;
}

/** Every element and attribute the renderer may produce. */
const allowedTags = new Set(['DIV', 'P', 'SPAN', 'STRONG', 'EM', 'DEL', 'CODE', 'PRE', 'BR', 'HR', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD']);
const allowedAttributes = new Set(['class', 'href', 'title', 'target', 'rel', 'start', 'aria-label']);

function expectOnlySafeMarkup(root: HTMLElement): void {
  for (const el of root.querySelectorAll('*')) {
    expect(allowedTags, `element <${el.tagName.toLowerCase()}>`).toContain(el.tagName);
    for (const attr of el.getAttributeNames()) expect(allowedAttributes, `attribute ${attr} on <${el.tagName.toLowerCase()}>`).toContain(attr);
    if (el.tagName === 'A') {
      expect(el.getAttribute('href')).toMatch(/^(https?:|mailto:)/);
      expect(el.getAttribute('target')).toBe('_blank');
      expect(el.getAttribute('rel')).toContain('noopener');
      expect(el.getAttribute('rel')).toContain('noreferrer');
    }
  }
}

describe('SafeMarkdown with hostile customer text', () => {
  it('shows script tags as text and never creates a script element', () => {
    globalThis.pwned = false;
    const root = renderText('Hello <script>globalThis.pwned = true</script> world\n\n<script>\nglobalThis.pwned = true\n</script>');
    expect(root.querySelector('script')).toBeNull();
    expect(root.textContent).toContain('<script>globalThis.pwned = true</script>');
    expect(globalThis.pwned).toBe(false);
    expectOnlySafeMarkup(root);
  });

  it('shows <img onerror> and other raw HTML literally', () => {
    const payloads = [
      '<img src=x onerror="globalThis.pwned = true">',
      '<svg onload="globalThis.pwned = true"></svg>',
      '<iframe src="https://evil.example"></iframe>',
      '<a href="javascript:globalThis.pwned=true">click</a>',
      '<div style="position:fixed;inset:0">overlay</div>',
      '<style>body{display:none}</style>',
    ];
    globalThis.pwned = false;
    for (const payload of payloads) {
      const root = renderText(`Text before ${payload} and after\n\n${payload}`);
      expect(root.querySelector('img, svg, iframe, style, [onerror], [onload], [style]')).toBeNull();
      expect(root.textContent).toContain(payload);
      expectOnlySafeMarkup(root);
      cleanup();
    }
    expect(globalThis.pwned).toBe(false);
  });

  it('makes javascript:, data: and other non-web links plain text', () => {
    const root = renderText(
      [
        '[click me](javascript:globalThis.pwned=true)',
        '[upper](JaVaScRiPt:alert(1))',
        '[tabbed](java\tscript:alert(1))',
        '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
        '[vb](vbscript:msgbox)',
        '[file](file:///etc/passwd)',
        '[relative](/api/staff/tickets)',
        '<javascript:alert(1)>',
      ].join('\n\n'),
    );
    expect(root.querySelectorAll('a')).toHaveLength(0);
    for (const label of ['click me', 'upper', 'tabbed', 'data', 'vb', 'file', 'relative']) expect(root.textContent).toContain(label);
    expectOnlySafeMarkup(root);
  });

  it('opens web links outside, only on a click', () => {
    const root = renderText('See [the docs](https://help.example.com/a?b=1&c=2) or https://example.org/x or mail me@example.com');
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://help.example.com/a?b=1&c=2', 'https://example.org/x', 'mailto:me@example.com']);
    expectOnlySafeMarkup(root);
  });

  it('never loads images: a markdown image becomes a link', () => {
    const root = renderText('![tracking pixel](https://tracker.example/p.gif) ![bad](javascript:alert(1))');
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('a')?.getAttribute('href')).toBe('https://tracker.example/p.gif');
    expect(root.textContent).toContain('[image: tracking pixel]');
    expectOnlySafeMarkup(root);
  });

  it('keeps huge unbroken strings whole, in a container that wraps them', () => {
    const huge = 'A'.repeat(50_000);
    const url = `https://example.com/${'x'.repeat(5_000)}`;
    const root = renderText(`${huge}\n\n${url}\n\n\`${'c'.repeat(5_000)}\``);
    expect(root.textContent).toContain(huge);
    expect(root.textContent).toContain(url);
    // Inside the wrapping container; that it really wraps is layout, measured in Chromium (tests/e2e).
    expect(root.querySelector('.markdown')?.textContent).toContain(huge);
  });

  it('survives absurd nesting without blowing the stack', () => {
    const root = renderText(`${'>'.repeat(2_000)} deep\n\n${'- '.repeat(500)}list\n\n${'*'.repeat(5_000)}`);
    expect(root.textContent).toContain('deep');
    expectOnlySafeMarkup(root);
  });

  it('renders ordinary markdown', () => {
    const root = renderText('**bold** _em_ `code`\n\n- one\n- two\n\n> quoted\n\n```\nx < y\n```');
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelector('em')?.textContent).toBe('em');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    expect(root.querySelector('blockquote')?.textContent).toContain('quoted');
    expect(root.querySelector('pre')?.textContent).toBe('x < y');
  });
});

describe('safeLinkTarget', () => {
  it('allows only http(s) and mailto', () => {
    expect(safeLinkTarget('https://a.example/')).toBe('https://a.example/');
    expect(safeLinkTarget(' http://a.example ')).toBe('http://a.example/');
    expect(safeLinkTarget('mailto:x@y.example')).toBe('mailto:x@y.example');
    for (const bad of ['javascript:alert(1)', ' javascript:x', 'data:text/html,x', 'file:///x', 'app://switchboard/x', '/relative', 'switchboard://ticket/1', '']) {
      expect(safeLinkTarget(bad), bad).toBeNull();
    }
  });
});

describe('Highlighted search snippets', () => {
  it('marks matches and renders markup in snippets as text', () => {
    const root = render(
      <Highlighted
        parts={[
          { text: 'before <img src=x onerror="globalThis.pwned=true"> ', match: false },
          { text: 'checkout', match: true },
          { text: ' <b>after</b>', match: false },
        ]}
      />,
    ).container;
    expect(root.querySelector('img, b')).toBeNull();
    expect(root.querySelector('mark')?.textContent).toBe('checkout');
    expect(root.textContent).toBe('before <img src=x onerror="globalThis.pwned=true"> checkout <b>after</b>');
  });
});
