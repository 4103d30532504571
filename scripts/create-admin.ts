/**
 * `npm run admin:create -- --email you@example.com --name "Your Name" [--force]`: the first administrator
 * of a database started without demo data (DATABASE_URL, or the embedded database, running or not).
 * The password comes from PACTUM_ADMIN_PASSWORD, else is asked for (hidden, twice) in a terminal, else
 * (not a terminal, e.g. a deployment script) is generated and printed once.
 */
import { randomBytes } from 'node:crypto';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createFirstAdmin } from '@/lib/admin/first-admin';
import { systemActor } from '@/lib/auth/actor';
import { DomainError } from '@/lib/errors';
import { withJobDb } from './job-db';

async function askHidden(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo the prompt, not the keys typed after it.
  const out = rl as unknown as { _writeToOutput: (s: string) => void };
  let muted = false;
  out._writeToOutput = (s) => {
    if (!muted) process.stdout.write(s);
  };
  const answer = rl.question(question);
  muted = true;
  try {
    return await answer;
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

async function choosePassword(): Promise<{ password: string; generated: boolean }> {
  const fromEnv = process.env.PACTUM_ADMIN_PASSWORD;
  if (fromEnv) return { password: fromEnv, generated: false };
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const password = await askHidden('Password (at least 8 characters): ');
    if ((await askHidden('Repeat the password: ')) !== password) throw new Error('The passwords differ.');
    return { password, generated: false };
  }
  return { password: randomBytes(18).toString('base64url'), generated: true };
}

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  if (!values.email || !values.name) {
    console.error('Usage: npm run admin:create -- --email you@example.com --name "Your Name" [--force]');
    process.exit(2);
  }
  const { password, generated } = await choosePassword();
  const actor = systemActor(['admin.users']);
  const user = await withJobDb((db) =>
    createFirstAdmin(db, actor, { email: values.email, name: values.name, password, force: values.force }),
  );
  console.log(`Administrator ${user.email} created.`);
  if (generated) console.log(`Password (shown once, change it after signing in): ${password}`);
}

main().catch((e) => {
  if (e instanceof DomainError) {
    console.error(e.message);
    for (const [field, messages] of Object.entries(e.fieldErrors ?? {}))
      console.error(`  ${field}: ${messages.join(' ')}`);
  } else console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
