/**
 * What a Conpeek dialog carries that the world has no meaning for (CRM and contact ids, the caller's
 * organisation, Call Info values, IMRS variables, a note, whether a transcript exists or a machine
 * answered), drawn with faker from a stream seeded by (scenario seed, call id) alone: the same call
 * always gets the same data, and adding a call never changes another call's. Every value is drawn, in a
 * fixed order, whether or not the dialog shows it, so what a call shows never shifts the rest.
 */
import { createHash } from 'node:crypto';
import { Faker, base, en, pl } from '@faker-js/faker';
import { Mersenne53 } from '../../scenarios/kernel/mersenne.js';
import { formatTime } from './time.js';

export interface CallExtras {
  crmId: string;
  contactId: string;
  contactFirstname: string;
  contactSurname: string;
  organizationId: string;
  organizationName: string;
  note: string;
  /** call_info_value1..5 for an answered call. */
  callInfoValues: [string, string, string, string, string];
  variables: Record<string, string>;
  /** A uniform draw: a recorded conversation has a transcript when it is below 0.6. */
  transcriptDraw: number;
  /** A uniform draw: an answered dial-out met an answering machine when it is below 0.08. */
  machineDraw: number;
}

const TOPICS = ['Reklamacja', 'Zamówienie', 'Faktura', 'Dostawa', 'Zwrot', 'Informacja', 'Serwis'];
const NOTES = [
  'Rozmowa przebiegła pomyślnie',
  'Klient prosi o kontakt mailowy',
  'Przekazano do działu reklamacji',
  'Klient oddzwoni później',
  'Sprawa wyjaśniona',
  'Wysłano potwierdzenie zamówienia',
  'Klient niezadowolony z czasu oczekiwania',
];
const DAY_MS = 86_400_000;

export class ExtrasSource {
  // One faker, re-seeded per call: its locale is merged once, and its twister seeds cheaply (mersenne.ts).
  // Nothing is cached: a call's extras are made again whenever its dialogs are (they are the same each time).
  private readonly faker = new Faker({ locale: [pl, en, base], randomizer: new Mersenne53() });

  constructor(private readonly seed: number) {}

  /** `startMs` (the call's start, epoch ms) anchors the dates among the Call Info values. */
  forCall(callId: string, startMs: number): CallExtras {
    const f = this.faker;
    f.seed(seedWords(this.seed, `cdr:${callId}`));
    const purchaseMs = startMs - f.number.int({ min: 2, max: 400 }) * DAY_MS - f.number.int({ min: 0, max: DAY_MS - 1 });
    const reportMs = purchaseMs + Math.floor(f.number.float({ min: 0, max: 1 }) * (startMs - purchaseMs));
    const extras: CallExtras = {
      crmId: f.database.mongodbObjectId(),
      contactId: String(f.number.int({ min: 1, max: 999_999 })),
      contactFirstname: f.person.firstName(),
      contactSurname: f.person.lastName(),
      organizationId: f.database.mongodbObjectId(),
      organizationName: f.company.name(),
      note: f.helpers.arrayElement(NOTES),
      callInfoValues: [f.helpers.arrayElement(TOPICS), f.string.numeric(5), formatTime(purchaseMs), formatTime(reportMs), f.helpers.arrayElement(['Tak', 'Nie'])],
      variables: { ivr_language: 'pl', ivr_choice: String(f.number.int({ min: 1, max: 4 })) },
      transcriptDraw: f.number.float({ min: 0, max: 1 }),
      machineDraw: f.number.float({ min: 0, max: 1 }),
    };
    return extras;
  }
}

function seedWords(seed: number, name: string): number[] {
  const digest = createHash('sha256').update(`${seed}\u0000${name}`).digest();
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(digest.readUInt32LE(i * 4));
  return words;
}
