import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';

import {
  compileGlob,
  prune,
  RETENTION_CATEGORIES,
  type RetentionCategory,
} from '../retention/index.ts';

const USAGE = `Usage: gdpr-jitsi retention --path DIR --max-age-days N --category CATEGORY
                          [--keep GLOB]... [--dry-run]

Deletes the regular files and symbolic links under DIR whose modification time is more than
N days old, then removes the directories that this emptied (never DIR itself). Symbolic links
are never followed, and directories on another file system are not entered. Prints one JSON
line with counts and byte sizes; file names are never printed, because they carry room and
user names.

Options:
  --path DIR            Directory to prune.
  --max-age-days N      Maximum age in days, a whole number from 1 to 3650.
  --category CATEGORY   Kind of data, shown in the summary: ${RETENTION_CATEGORIES.join(', ')}.
  --keep GLOB           Path relative to DIR that is never deleted; repeatable. "*" matches
                        within one path segment, "**" any number of segments.
  --dry-run             Count what would be deleted, and delete nothing.
  -h, --help            Print this help.

Exit status: 0 when every expired entry was deleted; 1 for invalid options or an unusable DIR;
2 when some entries could not be read or deleted (the summary counts them).
`;

const MAX_AGE_DAYS_LIMIT = 3650;

/** Output streams and clock of the command; tests pass their own. */
export interface RetentionIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  now: () => Date;
}

const PROCESS_IO: RetentionIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => new Date(),
};

/** Runs `gdpr-jitsi retention`; returns the exit status. */
export async function retentionCommand(
  argv: string[],
  io: RetentionIo = PROCESS_IO,
): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (err) {
    io.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
  if (options === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const log = pino({ base: { command: 'retention' } }, io.stdout);
  let counts;
  try {
    // Checked after the other options, whose messages tests and users see first, and before
    // anything is read or deleted.
    for (const pattern of options.keep) compileGlob(pattern);
    rejectSystemPath(options.root);
  } catch (err) {
    io.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    counts = await prune({ ...options, now: io.now() });
  } catch (err) {
    io.stderr.write(`error: retention of ${options.root} failed: ${(err as Error).message}\n`);
    return 1;
  }
  log.info(
    {
      category: options.category,
      dryRun: options.dryRun,
      maxAgeDays: options.maxAgeDays,
      ...counts,
    },
    'retention run finished',
  );
  const incomplete = counts.skipped.unreadable + counts.failed.deletions;
  return incomplete > 0 ? 2 : 0;
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      path: { type: 'string' },
      'max-age-days': { type: 'string' },
      category: { type: 'string' },
      keep: { type: 'string', multiple: true, default: [] },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help' as const;
  const root = required(values.path, '--path');
  const days = required(values['max-age-days'], '--max-age-days');
  const maxAgeDays = Number(days);
  if (!/^\d+$/.test(days) || maxAgeDays < 1 || maxAgeDays > MAX_AGE_DAYS_LIMIT) {
    throw new Error(
      `--max-age-days "${days}" is invalid; use a whole number from 1 to ${MAX_AGE_DAYS_LIMIT}`,
    );
  }
  const category = required(values.category, '--category');
  if (!(RETENTION_CATEGORIES as readonly string[]).includes(category)) {
    throw new Error(
      `--category "${category}" is unknown; use one of ${RETENTION_CATEGORIES.join(', ')}`,
    );
  }
  return {
    root,
    maxAgeDays,
    category: category as RetentionCategory,
    keep: values.keep,
    dryRun: values['dry-run'],
  };
}

/**
 * Top-level folders of a Linux system. Retention prunes one data folder, so a path that resolves
 * to `/` or to one of these is a typing mistake, and pruning it as root would damage the system.
 */
const SYSTEM_PATHS = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
]);

function rejectSystemPath(root: string): void {
  const resolved = resolve(root);
  if (SYSTEM_PATHS.has(resolved)) {
    throw new Error(
      `--path "${root}" is the system folder ${resolved}; pass the data folder to prune, ` +
        'e.g. /data/prosody as in the retention CronJob',
    );
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') {
    throw new Error(`${flag} is missing; run "gdpr-jitsi retention --help" for the options`);
  }
  return value;
}
