/**
 * The password policy, once for every route that sets a password (a link's set-password, a
 * change in the self-profile, a user created with one): at least 10 characters, not only
 * spaces, not the user's e-mail address (or its name part), and hard to guess by zxcvbn's
 * estimate, which refuses the common passwords of its dictionary and keyboard runs.
 *
 * The shape checks need nothing and run in the portal's forms too; the strength check loads
 * zxcvbn's dictionary (about 1 MB) on first use, so only the server pays for it: the portal
 * shows the server's refusal rather than carrying the dictionary in its bundle.
 */

export const minPasswordLength = 10;
export const maxPasswordLength = 200;
/** zxcvbn's score 3: "safely unguessable: moderate protection from offline slow-hash scenario". */
const minScore = 3;

/** Why the password's shape is refused (length, only spaces), or null. */
export function passwordShapeIssue(password: string): string | null {
  if (password.length < minPasswordLength) return `must be at least ${minPasswordLength} characters`;
  if (password.length > maxPasswordLength) return `must be at most ${maxPasswordLength} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  return null;
}

/** zxcvbn's warning keys in our words; a warning not listed here gets the general sentence. */
const warnings: Record<string, string> = {
  topTen: 'is one of the most common passwords',
  topHundred: 'is one of the most common passwords',
  common: 'is a common password',
  similarToCommon: 'is too close to a common password',
  commonNames: 'is a common name, easy to guess',
  namesByThemselves: 'is a name, easy to guess',
  keyPattern: 'is a keyboard pattern, easy to guess',
  straightRow: 'is a row of keys, easy to guess',
  simpleRepeat: 'repeats a few characters, easy to guess',
  extendedRepeat: 'repeats a pattern, easy to guess',
  sequences: 'is a sequence like abc or 123, easy to guess',
  dates: 'is a date, easy to guess',
  recentYears: 'is a recent year, easy to guess',
  userInputs: 'is too close to your e-mail address or name',
  wordByItself: 'is a single word, easy to guess',
};
const tooEasy = 'is too easy to guess; use a longer phrase of unrelated words';

type Checker = (password: string, userInputs: string[]) => { score: number; feedback: { warning: string | null } };
let checker: Promise<Checker> | undefined;

/** zxcvbn with the common dictionary (common passwords, names, keyboard layouts), loaded once. */
function strength(): Promise<Checker> {
  checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(([core, common]) => {
    const factory = new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
    return (password, userInputs) => factory.check(password, userInputs);
  });
  return checker;
}

export interface PasswordOwner {
  email: string;
  name?: string | null;
}

/** Why the password is refused for this user, in words that follow the field's name, or null. */
export async function passwordIssue(password: string, owner: PasswordOwner): Promise<string | null> {
  const shape = passwordShapeIssue(password);
  if (shape) return shape;
  const email = owner.email.trim().toLowerCase();
  const plain = password.trim().toLowerCase();
  const local = email.split('@')[0] ?? '';
  if (plain === email || (local.length >= 3 && plain === local)) return 'must not be your e-mail address';
  if (plain.includes(email)) return 'must not contain your e-mail address';
  const inputs = [email, local, ...(owner.name ? [owner.name, ...owner.name.split(/\s+/)] : [])].filter((s) => s.length >= 3);
  const result = (await strength())(password, inputs);
  if (result.score >= minScore) return null;
  return (result.feedback.warning && warnings[result.feedback.warning]) || tooEasy;
}
