import { CareFeeError, checkThirdPartyContribution, type TpcInput } from '../../shared/src';

/** A council placement where the family asked for a larger room with a garden view. */
const compliant: TpcInput = {
  chcFunded: false,
  genuineUpgrade: true,
  requestedByPersonOrFamily: true,
  coversCommissionedServices: false,
  separateWrittenAgreement: true,
  roomAtCommissionerPriceOffered: true,
  voluntary: true,
  agreedWithCommissioner: true,
};

describe('third-party contribution (top-up) conditions', () => {
  test('a requested, genuinely better room, agreed in writing and voluntary, is allowed', () => {
    expect(checkThirdPartyContribution(compliant)).toEqual({
      allowed: true,
      failed: [],
      checked: [
        'genuine-choice',
        'distinct-from-commissioned-care',
        'separate-agreement',
        'commissioner-price-room',
        'voluntary',
        'agreed-with-commissioner',
      ],
    });
  });

  test('only for a genuinely more expensive room or service the family asked for', () => {
    expect(
      checkThirdPartyContribution({ ...compliant, genuineUpgrade: false }).failed.map(
        (f) => f.condition,
      ),
    ).toEqual(['genuine-choice']);
    expect(
      checkThirdPartyContribution({ ...compliant, requestedByPersonOrFamily: false }).failed.map(
        (f) => f.condition,
      ),
    ).toEqual(['genuine-choice']);
  });

  test('never to subsidise CHC-funded care, nor CHC accommodation', () => {
    const r = checkThirdPartyContribution({
      ...compliant,
      chcFunded: true,
      fundsChcEligibleServices: true,
      forAccommodation: true,
    });
    expect(r.allowed).toBe(false);
    expect(r.failed).toEqual([
      {
        condition: 'no-chc-subsidy',
        message: 'a top-up must not subsidise or fund services eligible under CHC',
      },
      {
        condition: 'not-chc-accommodation',
        message:
          'under CHC the NHS pays for accommodation: a top-up must not be for accommodation costs',
      },
    ]);
    // For a council placement the accommodation flag is not a CHC matter.
    expect(checkThirdPartyContribution({ ...compliant, forAccommodation: true }).allowed).toBe(
      true,
    );
    // A CHC placement with an additional service outside CHC can be topped up.
    expect(
      checkThirdPartyContribution({
        ...compliant,
        chcFunded: true,
        fundsChcEligibleServices: false,
        forAccommodation: false,
      }).allowed,
    ).toBe(true);
  });

  // "Under NHS regulations TPCs must meet conditions": a condition left unanswered is not met.
  test('a CHC placement must answer both CHC conditions: leaving one out is an error, not a pass', () => {
    let e: CareFeeError | undefined;
    try {
      checkThirdPartyContribution({ ...compliant, chcFunded: true, forAccommodation: false });
    } catch (caught) {
      e = caught as CareFeeError;
    }
    expect(e).toBeInstanceOf(CareFeeError);
    e = e!;
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['fundsChcEligibleServices']);
    expect(e.message).toBe(
      'fundsChcEligibleServices: a CHC-funded placement must answer fundsChcEligibleServices (true or false)',
    );
  });

  test('every failed condition is named, in order', () => {
    const r = checkThirdPartyContribution({
      ...compliant,
      coversCommissionedServices: true,
      separateWrittenAgreement: false,
      roomAtCommissionerPriceOffered: false,
      voluntary: false,
      agreedWithCommissioner: false,
    });
    expect(r.allowed).toBe(false);
    expect(r.failed.map((f) => f.condition)).toEqual([
      'distinct-from-commissioned-care',
      'separate-agreement',
      'commissioner-price-room',
      'voluntary',
      'agreed-with-commissioner',
    ]);
    expect(r.failed[2]!.message).toBe(
      "the home must still offer a room and services at the commissioner's price",
    );
  });

  test('a missing or non-boolean fact is INVALID_INPUT naming it', () => {
    const missing: Partial<TpcInput> = { ...compliant };
    delete missing.voluntary;
    try {
      checkThirdPartyContribution(missing as TpcInput);
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(CareFeeError);
      expect((e as CareFeeError).code).toBe('INVALID_INPUT');
      expect((e as CareFeeError).path).toEqual(['voluntary']);
    }
    expect(() =>
      checkThirdPartyContribution({ ...compliant, voluntary: 'yes' } as unknown as TpcInput),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: ['voluntary'] }));
  });
});
