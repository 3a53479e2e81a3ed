import { KioskError } from '../../shared/errors';
import type { CounterFlowView, SignupProfileInput } from '../../shared/api/registration';
import type { SignupPayload } from '../../shared/portal-api/types';
import { digitsOnly, formatPostalCode, isValidFurigana, mobileToE164, MOBILE_PATTERN, normalizeFurigana } from '../../shared/registration/normalize';
import type { CounterDeps } from './counter-deps';
import type { FlowSession } from './flow-session';
import { move, requireStep } from './machine';
import type { Submissions } from './submissions';

/** The sign-up's own steps: the registration info, then the submission (queued through the outbox). */
export class SignupFlow {
  constructor(
    private readonly deps: CounterDeps,
    private readonly session: FlowSession,
    private readonly submissions: Submissions,
  ) {}

  saveProfile(input: SignupProfileInput): CounterFlowView {
    const draft = this.session.current();
    requireStep(draft.flow, draft.step, ['info']);
    const nameKana = normalizeFurigana(input.nameKana);
    if (!isValidFurigana(nameKana)) throw new KioskError('invalid_input', 'Furigana must be katakana.', { field: 'nameKana' });
    const phone = digitsOnly(input.phone);
    if (!MOBILE_PATTERN.test(phone)) throw new KioskError('invalid_input', 'A mobile number is 11 digits starting 060, 070, 080 or 090.', { field: 'phone' });
    draft.data.profile = {
      name: input.name.normalize('NFC'),
      nameKana,
      phone,
      postalCode: formatPostalCode(input.postalCode),
      address: { ...input.address },
      university: input.university,
      faculty: input.faculty,
      studentNo: input.studentNo.normalize('NFKC'),
      remarks: input.remarks.normalize('NFC'),
    };
    draft.step = move(draft.flow, draft.step, 'confirm');
    this.session.persist(draft);
    return this.session.view();
  }

  submit(): CounterFlowView {
    const draft = this.session.current();
    requireStep(draft.flow, draft.step, ['confirm']);
    if (draft.flow !== 'signup') throw new KioskError('invalid_step', 'Only a sign-up is submitted here.', { step: draft.step });
    const profile = draft.data.profile;
    const email = draft.data.email;
    if (!profile || !email) throw new KioskError('invalid_step', 'The registration info is missing.', { step: draft.step });
    const verification = draft.data.verification?.verified ? draft.data.verification.verificationId : undefined;
    const payload: SignupPayload = {
      memberNo: draft.data.memberNo,
      email,
      ...(verification ? { verificationId: verification } : {}),
      profile: {
        name: profile.name,
        nameKana: profile.nameKana,
        phone: mobileToE164(profile.phone),
        postalCode: profile.postalCode,
        address: { prefecture: profile.address.prefecture, city: profile.address.city, town: profile.address.town, ...(profile.address.line ? { line: profile.address.line } : {}) },
        university: profile.university,
        faculty: profile.faculty,
        studentNo: profile.studentNo,
        ...(profile.remarks ? { remarks: profile.remarks } : {}),
      },
      locale: draft.data.locale,
      createdAt: new Date(this.deps.now()).toISOString(),
    };
    return this.submissions.finish(draft, 'signup.create', payload, null);
  }
}
