// Child process of the backup consistency test: commits transactions to the database at argv[2] as
// fast as it can, each inserting the same sequence number into pair_a and pair_b, until told `stop`.
// Answers `count` with the number of committed transactions.
import BetterSqlite3 from 'better-sqlite3';

const db = new BetterSqlite3(process.argv[2]!, { fileMustExist: true, timeout: 5000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const insertA = db.prepare('INSERT INTO pair_a (seq, payload) VALUES (?, ?)');
const insertB = db.prepare('INSERT INTO pair_b (seq, payload) VALUES (?, ?)');
const commit = db.transaction((seq: number) => {
  const payload = 'x'.repeat(200);
  insertA.run(seq, payload);
  insertB.run(seq, payload);
});
let committed = 0;
let running = true;

function step(): void {
  if (!running) return;
  for (let i = 0; i < 20; i++) commit(++committed);
  if (committed === 20) process.send?.({ writing: true });
  setImmediate(step);
}

process.on('message', (message) => {
  if (message === 'count') process.send?.({ count: committed });
  if (message === 'stop') {
    running = false;
    db.close();
    process.send?.({ count: committed }, () => process.exit(0));
  }
});
step();
