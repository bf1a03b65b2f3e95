/**
 * Every keyboard shortcut, once: the help overlay (?) lists this table, and the key handler
 * (useShortcuts.ts) must handle each id, so the two cannot drift apart.
 */
export const shortcutList = [
  { id: 'next', keys: ['j'], description: 'Next ticket', where: 'Queue, ticket' },
  { id: 'previous', keys: ['k'], description: 'Previous ticket', where: 'Queue, ticket' },
  { id: 'open', keys: ['Enter'], description: 'Open the ticket under the cursor', where: 'Queue' },
  { id: 'select', keys: ['x'], description: 'Select or unselect the ticket under the cursor', where: 'Queue' },
  { id: 'selectRange', keys: ['Shift+X'], description: 'Select from the last selected ticket to the cursor (or Shift+click)', where: 'Queue' },
  { id: 'reply', keys: ['r'], description: 'Reply to the customer', where: 'Queue, ticket' },
  { id: 'note', keys: ['n'], description: 'Write an internal note', where: 'Queue, ticket' },
  { id: 'close', keys: ['e'], description: 'Close the ticket (in the queue: the selected ones, or this one)', where: 'Queue, ticket' },
  { id: 'assign', keys: ['a'], description: 'Assign (engineers: claim)', where: 'Queue, ticket' },
  { id: 'classify', keys: ['c'], description: 'Classify: type, department, cost, priority', where: 'Queue, ticket' },
  { id: 'forward', keys: ['f'], description: 'Forward to a department (the selected tickets, or this one)', where: 'Queue, ticket' },
  { id: 'priority', keys: ['p'], description: 'Set the priority (the selected tickets, or this one)', where: 'Queue, ticket' },
  { id: 'hotRush', keys: ['h'], description: 'Turn HotRush on or off (the selected tickets, or this one)', where: 'Queue, ticket' },
  { id: 'cost', keys: ['$'], description: 'Rate the cost in points', where: 'Queue, ticket' },
  { id: 'merge', keys: ['m'], description: 'Merge into another ticket', where: 'Ticket' },
  { id: 'split', keys: ['s'], description: 'Split the newest customer message out into a new ticket', where: 'Ticket' },
  { id: 'faq', keys: ['i'], description: 'Insert an FAQ article into the reply', where: 'Ticket' },
  { id: 'bulk', keys: ['b'], description: 'Go to the actions on the selected tickets', where: 'Queue' },
  { id: 'undo', keys: ['z'], description: 'Undo the last action while its toast offers Undo', where: 'Anywhere' },
  { id: 'search', keys: ['/'], description: 'Search tickets, messages and FAQ', where: 'Anywhere' },
  { id: 'palette', keys: ['Ctrl+K', '⌘K'], description: 'Command palette: views, tickets by number, actions', where: 'Anywhere' },
  { id: 'help', keys: ['?'], description: 'Show these shortcuts', where: 'Anywhere' },
  { id: 'back', keys: ['Escape'], description: 'Back to where you came from; close a dialog; leave a field', where: 'Anywhere' },
  { id: 'send', keys: ['Ctrl+Enter', '⌘Enter'], description: 'Send the reply or save the note; submit a reject reason', where: 'Composer, reject dialog' },
  { id: 'pick', keys: ['↑', '↓', 'Enter'], description: 'Move through the results and choose one', where: 'Palette, merge dialog, FAQ picker, search' },
  { id: 'payoutDecision', keys: ['p', 'c', 'r'], description: 'Payout: paid, convert it into points, or reject it with a reason', where: 'Affiliate payouts' },
  { id: 'arrows', keys: ['←', '→', 'Enter'], description: 'Column edge: narrower, wider, automatic; chart: read its bars', where: 'Queue header, dashboard' },
] as const;

export type ShortcutId = (typeof shortcutList)[number]['id'];

/** Shortcuts that work while typing in a field (the rest would eat the letters). */
export const whileTyping: ReadonlySet<ShortcutId> = new Set(['palette']);

/** The shortcut a key press means, or null. `send`, `pick`, `payoutDecision` and `arrows` belong to the composer, the dialogs, the payouts screen, the column edges and the charts themselves. */
export function shortcutOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): ShortcutId | null {
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') return 'palette';
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'Enter':
      return 'open';
    case 'x':
      return 'select';
    case 'X':
      return 'selectRange';
    case 'r':
      return 'reply';
    case 'n':
      return 'note';
    case 'e':
      return 'close';
    case 'a':
      return 'assign';
    case 'c':
      return 'classify';
    case 'm':
      return 'merge';
    case 'f':
      return 'forward';
    case 'p':
      return 'priority';
    case 'h':
      return 'hotRush';
    case '$':
      return 'cost';
    case 's':
      return 'split';
    case 'i':
      return 'faq';
    case 'b':
      return 'bulk';
    case 'z':
      return 'undo';
    case '/':
      return 'search';
    case '?':
      return 'help';
    case 'Escape':
      return 'back';
    default:
      return null;
  }
}
