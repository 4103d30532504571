import type { Locale } from '../format';

const TEMPLATES: Record<Locale, { subject: string; body: string }> = {
  en: {
    subject: 'Your Pactum access code: {code}',
    body: 'Hello,\n\nSomeone asked to open a document shared with you by your insurer. Your access code is:\n\n{code}\n\nIt works once and expires in {minutes} minutes. If you did not ask for it, ignore this message: nothing is opened without the code.\n\nKind regards,\nPactum',
  },
  fr: {
    subject: 'Votre code d’accès Pactum : {code}',
    body: 'Bonjour,\n\nQuelqu’un a demandé à ouvrir un document que votre assureur a partagé avec vous. Votre code d’accès est :\n\n{code}\n\nIl ne sert qu’une fois et expire dans {minutes} minutes. Si vous ne l’avez pas demandé, ignorez ce message : rien ne s’ouvre sans le code.\n\nCordialement,\nPactum',
  },
};

/** The one-time code mail of a share link limited to an address, in the visitor's language. */
export function renderShareCodeMail(
  locale: Locale,
  data: { code: string; minutes: string },
): { subject: string; body: string } {
  const t = TEMPLATES[locale] ?? TEMPLATES.en;
  const fill = (text: string) => text.replace(/\{(code|minutes)\}/g, (_, k: 'code' | 'minutes') => data[k]);
  return { subject: fill(t.subject), body: fill(t.body) };
}
