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
    seed;
    // One faker, re-seeded per call: its locale is merged once, and its twister seeds cheaply (mersenne.ts).
    faker = new Faker({ locale: [pl, en, base], randomizer: new Mersenne53() });
    cache = new Map();
    constructor(seed) {
        this.seed = seed;
    }
    /** `startMs` (the call's start, epoch ms) anchors the dates among the Call Info values. */
    forCall(callId, startMs) {
        const hit = this.cache.get(callId);
        if (hit)
            return hit;
        const f = this.faker;
        f.seed(seedWords(this.seed, `cdr:${callId}`));
        const purchaseMs = startMs - f.number.int({ min: 2, max: 400 }) * DAY_MS - f.number.int({ min: 0, max: DAY_MS - 1 });
        const reportMs = purchaseMs + Math.floor(f.number.float({ min: 0, max: 1 }) * (startMs - purchaseMs));
        const extras = {
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
        this.cache.set(callId, extras);
        return extras;
    }
}
function seedWords(seed, name) {
    const digest = createHash('sha256').update(`${seed}\u0000${name}`).digest();
    const words = [];
    for (let i = 0; i < 8; i++)
        words.push(digest.readUInt32LE(i * 4));
    return words;
}
