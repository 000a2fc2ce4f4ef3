// From a proposal's form to the product catalogue's quote body, and back from a quote error's field
// to the form's field. New business, renewal and servicing all price through here, so the same
// form always gives the same premium.
import type { Channel, ProductLine, ProductQuoteInput } from '../../../contracts/product';
import type { ProposalData } from '../../../contracts/policy';

/** Whole years from `from` to `to` ('YYYY-MM-DD'): age last birthday, vehicle age. */
export function wholeYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

export interface InsuredFacts {
  sex: 'M' | 'F' | null;
  birthDate: string | null;
}

/** The body of POST /products/versions/:id/quote for this proposal (fields the form lacks stay undefined). */
export function quoteBodyOf(line: ProductLine, channel: Channel, data: ProposalData, insured: InsuredFacts): ProductQuoteInput {
  const start = data.startDate ?? undefined;
  const motor = data.motor ?? undefined;
  const v = motor?.vehicle;
  switch (line) {
    case 'CTPL':
      return {
        channel,
        ctpl: {
          vehicle: { usage: v?.usage, seats: v?.seats, tonnage: v?.tonnage, engineCc: v?.engineCc, trailer: v?.trailer },
          region: motor?.region,
          history: motor?.ctplHistory ?? { claimFreeYears: 0, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false },
        },
      };
    case 'COMMERCIAL_MOTOR':
      return {
        channel,
        commercial: {
          vehicle: { usage: v?.usage, seats: v?.seats, ageYears: v?.registrationDate && start ? Math.max(0, wholeYears(v.registrationDate, start)) : undefined, actualValue: v?.actualValue },
          region: motor?.region,
          coverages: motor?.coverages ?? [],
          history: motor?.ncdHistory ?? { claimsLast3Years: 0, consecutiveInsuredYears: 0, newOrTransferred: true },
          ...(motor?.pricingCoefficient ? { pricingCoefficient: motor.pricingCoefficient } : {}),
        },
      };
    case 'TERM_LIFE':
    case 'WHOLE_LIFE':
    case 'ENDOWMENT':
    case 'ANNUITY':
      return {
        channel,
        life: {
          sex: insured.sex ?? 'M',
          age: insured.birthDate && start ? wholeYears(insured.birthDate, start) : -1,
          ...(data.coverageTerm ? { term: data.coverageTerm } : {}),
          ...(data.paymentMode !== 'SINGLE' && data.paymentTerm ? { paymentTerm: data.paymentTerm } : {}),
          paymentMode: data.paymentMode ?? 'ANNUAL',
          sumAssured: data.sumAssured ?? '',
        },
      };
    default:
      return {
        channel,
        fixed: { ...(insured.birthDate && start ? { age: wholeYears(insured.birthDate, start) } : {}), sumAssured: data.sumAssured ?? '' },
      };
  }
}

/** A quote error's field ('ctpl.vehicle.seats', 'life.age') as the form's field ('motor.vehicle.seats', 'insuredId'). */
export function formFieldOfQuoteField(field: string): string {
  const [part, ...rest] = field.split('.');
  const tail = rest.join('.');
  if (part === 'ctpl' || part === 'commercial') {
    if (tail.startsWith('vehicle.ageYears')) return 'motor.vehicle.registrationDate';
    if (tail.startsWith('history')) return part === 'ctpl' ? `motor.ctplHistory${tail.slice('history'.length)}` : `motor.ncdHistory${tail.slice('history'.length)}`;
    return `motor.${tail}`;
  }
  if (part === 'life' || part === 'fixed') {
    if (tail === 'age' || tail === 'sex') return 'insuredId';
    if (tail === 'term') return 'coverageTerm';
    return tail;
  }
  return field === 'channel' ? 'channel' : field;
}
