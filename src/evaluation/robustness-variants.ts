// The robustness variants of a batch that the quality bar is measured on: the same batch with
// all IP data removed, or with all payment data removed. Streams, so it works at every scale.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export type RobustnessVariant = 'no-ip' | 'no-payments';

/**
 * An address of its own for the n-th account, in a /24 network of its own: the contract needs
 * an address on every event, and with one private address per account no address or network is
 * shared any more (hashing account ids into 10.0.0.0/8 would link random accounts by network).
 */
export function ownAddress(accountNumber: number): string {
  return `${10 + (accountNumber >> 16)}.${(accountNumber >> 8) & 255}.${accountNumber & 255}.1`;
}

async function rewriteEvents(source: string, target: string, transform: (event: Record<string, unknown>) => void): Promise<void> {
  const out = createWriteStream(target);
  for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
    if (!line) continue;
    const event = JSON.parse(line) as Record<string, unknown>;
    transform(event);
    if (!out.write(`${JSON.stringify(event)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * Writes the variant of an uncompressed NDJSON batch (accounts, payments, events) into
 * targetDirectory; returns it. An existing complete variant is reused.
 */
export async function writeRobustnessVariant(sourceDirectory: string, targetDirectory: string, variant: RobustnessVariant): Promise<string> {
  if (existsSync(join(targetDirectory, 'events.ndjson'))) return targetDirectory;
  await mkdir(targetDirectory, { recursive: true });
  await copyFile(join(sourceDirectory, 'accounts.ndjson'), join(targetDirectory, 'accounts.ndjson'));
  if (variant === 'no-payments') {
    // Events are written last and under a temporary name, so a half-written variant is never reused.
    await copyFile(join(sourceDirectory, 'events.ndjson'), join(targetDirectory, 'events.ndjson.partial'));
  } else {
    await copyFile(join(sourceDirectory, 'payments.ndjson'), join(targetDirectory, 'payments.ndjson'));
    const accountNumbers = new Map<string, number>();
    await rewriteEvents(join(sourceDirectory, 'events.ndjson'), join(targetDirectory, 'events.ndjson.partial'), (event) => {
      const accountId = String(event['account_id']);
      let number = accountNumbers.get(accountId);
      if (number === undefined) {
        number = accountNumbers.size;
        accountNumbers.set(accountId, number);
      }
      event['ip'] = ownAddress(number);
    });
  }
  await rename(join(targetDirectory, 'events.ndjson.partial'), join(targetDirectory, 'events.ndjson'));
  return targetDirectory;
}
