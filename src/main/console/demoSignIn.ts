/**
 * `npm start` opens the console signed in to the local demo server: the start script passes
 * the server URL and a demo login in the environment. Never in production: there the demo
 * accounts do not exist, and a console must be signed in by a person.
 */
import type { ConsoleCore } from './consoleCore';

export interface DemoLogin {
  serverUrl: string;
  email: string;
  password: string;
}

export function demoLoginFromEnv(env: NodeJS.ProcessEnv): DemoLogin | null {
  if (env.NODE_ENV === 'production') return null;
  const serverUrl = env.SWITCHBOARD_SERVER_URL;
  const email = env.SWITCHBOARD_DEMO_EMAIL;
  const password = env.SWITCHBOARD_DEMO_PASSWORD;
  return serverUrl && email && password ? { serverUrl, email, password } : null;
}

/** Signs in with the demo login unless a session for that server and user is already open. */
export async function signInForDemo(core: ConsoleCore, login: DemoLogin): Promise<void> {
  const current = await core.call('auth.session', {});
  if (current && current.serverUrl === login.serverUrl.replace(/\/+$/, '') && current.user.email === login.email.toLowerCase()) return;
  if (current) await core.call('auth.signOut', {});
  try {
    const session = await core.call('auth.signIn', login);
    console.log(`Signed in to ${session.serverUrl} as ${session.user.email} (demo login)`);
  } catch (err) {
    console.error(`Demo sign-in to ${login.serverUrl} failed: ${err instanceof Error ? err.message : String(err)}; sign in in the window instead`);
  }
}
