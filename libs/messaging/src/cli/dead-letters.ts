// Operators' tool for dead letters (docs/operations.md): list them per topic with their reasons,
// show one, replay through an offset to the original topic (same CloudEvent id), or skip.
// Talks to the brokers in KAFKA_BROKERS (host:port,...; 127.0.0.1:9092 when unset).
import { parseArgs } from 'node:util';
import { createKafkaClient, operatorKafkaAccessFromEnv } from '../kafka/kafka-settings';
import { DEFAULT_INBOX_RETENTION_HOURS, DeadLetters, type DeadLetter } from '../kafka/dead-letters';

const USAGE = `Pemakaian (usage):
  npm run -s dead-letters -- list [--all]                        ringkasan per topik .dlq (summary per topic)
  npm run -s dead-letters -- list <topik.dlq> [--all]            dead letter belum ditangani (unhandled; --all: also handled)
  npm run -s dead-letters -- show <topik.dlq> <partisi> <offset>  satu dead letter lengkap dengan isinya (one, with its data)
  npm run -s dead-letters -- replay <topik.dlq> <partisi> <offset> [--force]
        kirim ulang ke topik asal semua yang belum ditangani di partisi itu s.d. offset ini (id CloudEvent tetap)
        (replays every unhandled one of that partition up to this offset to the original topic, same CloudEvent id);
        ditolak bila ada yang gagal lebih lama dari INBOX_RETENTION_HOURS dikurangi sehari, kecuali --force
        (refused for letters older than the inboxes remember, unless --force)
  npm run -s dead-letters -- skip <topik.dlq> <partisi> <offset>
        tandai sudah ditangani tanpa kirim ulang (marks handled without replaying)

KAFKA_BROKERS=host:port,... (bawaan 127.0.0.1:9092); INBOX_RETENTION_HOURS (bawaan 720, seperti layanan)`;

class UsageError extends Error {}

function line(letter: DeadLetter): string {
  const status = letter.handled ? 'sudah ditangani' : 'belum ditangani';
  return [
    `${letter.topic}/${letter.partition}/${letter.offset}  [${status}]  ${letter.failedAt}`,
    `  peristiwa (event): ${letter.eventType ?? '?'} ${letter.eventId ?? '?'}  dari (from) ${letter.source}`,
    `  konsumen (consumer): ${letter.consumer}`,
    `  alasan (reason): ${letter.reason}`,
  ].join('\n');
}

function partitionAndOffset(partition: string | undefined, offset: string | undefined): [number, string] {
  if (!partition || !/^\d+$/.test(partition) || !offset || !/^\d+$/.test(offset)) {
    throw new UsageError('partisi dan offset harus bilangan (partition and offset must be numbers)');
  }
  return [Number(partition), offset];
}

function parseUsage(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { all: { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function inboxRetentionHoursFromEnv(): number {
  const text = process.env.INBOX_RETENTION_HOURS;
  if (text === undefined || text === '') return DEFAULT_INBOX_RETENTION_HOURS;
  const hours = Number(text);
  // The services refuse less than a day too.
  if (!Number.isInteger(hours) || hours < 24) throw new UsageError(`INBOX_RETENTION_HOURS harus bilangan bulat ≥ 24, bukan "${text}" (as the services' own)`);
  return hours;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseUsage(argv);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [command, topic, partitionText, offsetText] = positionals;
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
  // An operator's principal (Read/Describe on *.dlq, Write on the original topics): admin locally.
  const deadLetters = new DeadLetters(createKafkaClient({ brokers, clientId: 'mcp-dead-letters', partitions: 1, ...operatorKafkaAccessFromEnv() }));

  switch (command) {
    case 'list': {
      if (!topic) {
        for (const summary of await deadLetters.summaries()) {
          if (summary.kept > 0 || values.all) {
            console.log(`${summary.topic}\tdisimpan (kept) ${summary.kept}\tbelum ditangani (unhandled) ${summary.unhandled}`);
          }
        }
        return;
      }
      const letters = await deadLetters.list(topic, { includeHandled: values.all });
      if (letters.length === 0) console.log(`Tidak ada dead letter${values.all ? '' : ' belum ditangani'} di ${topic}`);
      for (const letter of letters) console.log(line(letter));
      return;
    }
    case 'show': {
      if (!topic) throw new UsageError('topik .dlq wajib (topic required)');
      const [partition, offset] = partitionAndOffset(partitionText, offsetText);
      const letter = await deadLetters.show(topic, partition, offset);
      if (!letter) throw new Error(`Tidak ada rekaman di ${topic}/${partition}/${offset} (no record there)`);
      console.log(line(letter));
      console.log('  header:');
      for (const [name, value] of Object.entries(letter.headers)) console.log(`    ${name}: ${value.toString('utf8')}`);
      console.log(`  kunci (key): ${letter.key?.toString('utf8') ?? ''}`);
      console.log(`  data: ${letter.value?.toString('utf8') ?? ''}`);
      return;
    }
    case 'replay':
    case 'skip': {
      if (!topic) throw new UsageError('topik .dlq wajib (topic required)');
      const [partition, offset] = partitionAndOffset(partitionText, offsetText);
      const handled =
        command === 'replay'
          ? await deadLetters.replay(topic, partition, offset, { force: values.force, inboxRetentionHours: inboxRetentionHoursFromEnv() })
          : await deadLetters.skip(topic, partition, offset);
      const verb = command === 'replay' ? 'dikirim ulang ke' : 'dilewati, tidak dikirim ke';
      for (const letter of handled) {
        console.log(`${letter.topic}/${letter.partition}/${letter.offset} ${verb} ${letter.originalTopic} (${letter.eventType} ${letter.eventId})`);
      }
      return;
    }
    default:
      throw new UsageError(command ? `perintah tidak dikenal: ${command}` : 'perintah wajib (command required)');
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : (error as Error).message);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
