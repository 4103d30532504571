import { eq } from 'drizzle-orm';
import { loadActor, systemActor } from '@/lib/auth/actor';
import { STAFF_PERMISSIONS } from '@/lib/auth/permissions';
import { recordPayment } from '@/lib/billing/receipts';
import { addComment } from '@/lib/comments/comments';
import { createContract } from '@/lib/contracts/contracts';
import { approveContract, submitContract } from '@/lib/contracts/transitions';
import { DEFAULT_LEVELS } from '@/lib/dunning/letters';
import type { Db, Tx } from '../client';
import { dunningLevels, policyHolders, users } from '../schema';
import {
  allowBundle,
  declareInsuree,
  linkPortalUser,
  makeBundle,
  makeFamily,
  makePlan,
  makePolicyHolder,
  makeProduct,
  makeUser,
} from './factories';
import { ensureRoles } from './roles';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_USERS = [
  { email: 'admin@demo.test', name: 'Ada Admin', role: 'admin' },
  { email: 'editor@demo.test', name: 'Eddie Editor', role: 'editor' },
  { email: 'approver@demo.test', name: 'Alice Approver', role: 'approver' },
  { email: 'viewer@demo.test', name: 'Victor Viewer', role: 'viewer' },
  { email: 'portal@demo.test', name: 'Paula Portal', role: 'portal' },
  // A broker in the portal, acting for two policy holders (picks one at a time), French-speaking.
  { email: 'broker@demo.test', name: 'Camille Courtier', role: 'portal', language: 'fr' },
  // Issue 14: the French-speaking transport firm whose contract is overdue (dunning, the portal's overdue items).
  { email: 'martin@demo.test', name: 'Luc Martin', role: 'portal', language: 'fr' },
] as const;

/** Which policy holders each demo portal user acts for. */
const ACTS_FOR: Record<string, string[]> = {
  'portal@demo.test': ['PH-ACME'],
  'broker@demo.test': ['PH-DUPONT', 'PH-ACME'],
  'martin@demo.test': ['PH-MARTIN'],
};

/** [last name, [first names...]]: the first member heads the family and is the employee. */
const FAMILIES: [string, string[]][] = [
  ['Mensah', ['Kofi', 'Ama', 'Yaw']],
  ['Okafor', ['Chidi', 'Ngozi']],
  ['Smith', ['John', 'Mary', 'Tom', 'Lucy']],
  ['Nguyen', ['Linh', 'Minh']],
  ['Garcia', ['Sofia']],
  ['Martin', ['Pierre', 'Claire', 'Louis']],
  ['Bernard', ['Camille', 'Hugo']],
  ['Dubois', ['Julien']],
  ['Leroy', ['Emma', 'Lucas', 'Chloé']],
  ['Patel', ['Ravi', 'Anita']],
  ['Kim', ['Jisoo', 'Minho']],
  ['Haddad', ['Omar', 'Leila', 'Sami']],
  ['Rossi', ['Marco', 'Giulia']],
];

/**
 * Loads the demo data set once (a database that already has the demo admin is left alone): the
 * reference data in one transaction, then demo contracts taken through the lifecycle by the services.
 */
export async function seedDemo(db: Db): Promise<boolean> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'admin@demo.test'));
  if (existing) return false;

  await db.transaction(async (tx) => {
    await ensureRoles(tx);
    await seedReferenceData(tx);
  });
  await seedDemoContracts(db);
  return true;
}

/**
 * Four contracts of this year, through the real services: one effective, one submitted, one draft, and
 * one approved 40 days ago and never paid (dunning).
 */
async function seedDemoContracts(db: Db) {
  const actor = systemActor([...STAFF_PERMISSIONS]);
  const year = new Date().getUTCFullYear();
  const period = { dateValidFrom: `${year}-01-01`, dateValidTo: `${year}-12-31` };
  const ph = async (code: string) =>
    (await db.select().from(policyHolders).where(eq(policyHolders.code, code)))[0]!;
  const acme = await ph('PH-ACME');
  let c = await createContract(db, actor, {
    code: `ACME-${year}`,
    policyHolderId: acme.id,
    paymentReference: acme.paymentReference,
    ...period,
  });
  c = await submitContract(db, actor, { id: c.id });
  c = await approveContract(db, actor, { id: c.id }, new Date(`${year}-01-05T10:00:00Z`));
  await recordPayment(db, actor, {
    contractId: c.id,
    amount: c.amountDue!,
    receivedAt: `${year}-01-20`,
    receiptNumber: `RCPT-${year}-0001`,
  });
  // A short conversation on the effective contract, as the demo approver and the portal user had it.
  const demoActor = async (email: string) => {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return (await loadActor(db, u!.id))!;
  };
  const approver = await demoActor('approver@demo.test');
  await addComment(db, approver, {
    contractId: c.id,
    body: 'Your payment is received and the cover is effective. Write here when an employee joins or leaves.',
  });
  await addComment(db, await demoActor('portal@demo.test'), {
    contractId: c.id,
    body: 'Thank you! A new colleague starts in March; we will add her then.',
  });
  await addComment(db, approver, {
    contractId: c.id,
    body: 'Note for the team: check the family bundle when the amendment comes in.',
    internal: true,
  });
  const dupont = await ph('PH-DUPONT');
  const d = await createContract(db, actor, {
    code: `DUPONT-${year}`,
    policyHolderId: dupont.id,
    paymentReference: dupont.paymentReference,
    ...period,
  });
  await submitContract(db, actor, { id: d.id });
  const green = await ph('PH-GREEN');
  await createContract(db, actor, {
    code: `GREEN-${year}`,
    policyHolderId: green.id,
    paymentReference: green.paymentReference,
    ...period,
  });
  // Issue 14: a contract approved 40 days ago and never paid: due 10 days ago, its reminder is due today.
  const martin = await ph('PH-MARTIN');
  const m = await createContract(db, actor, {
    code: `MARTIN-${year}`,
    policyHolderId: martin.id,
    paymentReference: martin.paymentReference,
    ...period,
  });
  await submitContract(db, actor, { id: m.id });
  await approveContract(db, actor, { id: m.id }, new Date(Date.now() - 40 * 86_400_000));
}

async function seedReferenceData(tx: Tx) {
  {
    const product = await makeProduct(tx, {
      code: 'BASIC',
      name: 'Basic health cover',
      insurancePeriodMonths: 12,
    });
    const plan5 = await makePlan(tx, product.id, {
      code: 'CP-INC5',
      name: 'Income 5 %',
      params: { rate: '5', includeFamily: false },
    });
    const plan10 = await makePlan(tx, product.id, {
      code: 'CP-INC10F',
      name: 'Income 10 % with family',
      params: { rate: '10', includeFamily: true },
    });
    const std = await makeBundle(tx, [plan5.id], { code: 'CPB-STD', name: 'Standard employee cover' });
    const fam = await makeBundle(tx, [plan10.id], { code: 'CPB-FAM', name: 'Family cover' });

    const acme = await makePolicyHolder(tx, {
      code: 'PH-ACME',
      tradeName: 'Acme Logistics Ltd',
      contactName: 'Jane Carter',
      email: 'hr@acme-logistics.test',
      phone: '+44 20 7946 0001',
      address: '1 Harbour Road, London',
      language: 'en',
      paymentReference: 'ACME-2026',
    });
    const dupont = await makePolicyHolder(tx, {
      code: 'PH-DUPONT',
      tradeName: 'Boulangerie Dupont SARL',
      contactName: 'Marie Dupont',
      email: 'contact@boulangerie-dupont.test',
      phone: '+33 1 23 45 67 89',
      address: '12 rue du Four, Paris',
      language: 'fr',
      paymentReference: 'DUPONT-2026',
    });
    const green = await makePolicyHolder(tx, {
      code: 'PH-GREEN',
      tradeName: 'Greenfield Schools Trust',
      contactName: 'Samuel Green',
      email: 'finance@greenfield.test',
      language: 'en',
      paymentReference: 'GREEN-2026',
    });
    // Issue 14: the default dunning levels (reminder, formal notice, suspension, termination).
    await tx.insert(dunningLevels).values(DEFAULT_LEVELS.map((l) => ({ ...l, productId: product.id })));
    const martin = await makePolicyHolder(tx, {
      code: 'PH-MARTIN',
      tradeName: 'Transports Martin SA',
      contactName: 'Luc Martin',
      email: 'compta@transports-martin.test',
      language: 'fr',
      paymentReference: 'MARTIN-2026',
    });
    for (const [ph, bundles] of [
      [acme, [std, fam]],
      [dupont, [std]],
      [green, [std, fam]],
      [martin, [std]],
    ] as const) {
      for (const b of bundles) await allowBundle(tx, ph.id, b.id);
    }

    let n = 0;
    const heads = [];
    for (const [lastName, firstNames] of FAMILIES) {
      const { members } = await makeFamily(
        tx,
        firstNames.map((firstName, i) => ({
          firstName,
          lastName,
          gender: i % 2 === 0 ? 'M' : 'F',
          dateOfBirth:
            i === 0 ? `19${70 + (n % 25)}-0${1 + (n % 9)}-15` : `20${10 + (n % 10)}-0${1 + (n % 9)}-10`,
          insuranceNumber: `IN${String(100001 + n++ * 7)}`,
        })),
      );
      heads.push(members[0]!);
    }
    // Employees (family heads): 5 at Acme, 4 at Dupont, 4 at Greenfield.
    const incomes = ['500.00', '750.00', '1200.00', '980.50', '640.00', '2100.00'];
    for (const [i, head] of heads.entries()) {
      const ph = i < 5 ? acme : i < 9 ? dupont : green;
      const bundle = ph === dupont || i % 3 !== 2 ? std : fam;
      await declareInsuree(tx, ph.id, head.id, bundle.id, {
        calculationParams: { income: incomes[i % incomes.length] },
        dateValidFrom: '2025-01-01',
      });
    }

    // Transports Martin's two drivers (5 %: 75.00 + 90.00 = 165.00 a year).
    for (const [i, [first, last, income]] of [
      ['Luc', 'Moreau', '1500.00'],
      ['Inès', 'Fabre', '1800.00'],
    ].entries()) {
      const { members } = await makeFamily(tx, [
        { firstName: first!, lastName: last!, gender: i ? 'F' : 'M', insuranceNumber: `IN${200001 + i}` },
      ]);
      await declareInsuree(tx, martin.id, members[0]!.id, std.id, {
        calculationParams: { income },
        dateValidFrom: '2025-01-01',
      });
    }

    const byCode = new Map([acme, dupont, green, martin].map((p) => [p.code, p]));
    for (const u of DEMO_USERS) {
      const user = await makeUser(tx, u.role, {
        email: u.email,
        name: u.name,
        preferredLanguage: 'language' in u ? u.language : 'en',
      });
      for (const code of ACTS_FOR[u.email] ?? [])
        await linkPortalUser(tx, user.id, byCode.get(code)!.id, '2025-01-01');
    }
  }
}
