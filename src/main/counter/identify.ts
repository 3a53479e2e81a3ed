import { randomUUID } from 'node:crypto';
import { KioskError } from '../../shared/errors';
import type { CounterFlow, CounterFlowView, DraftHint, SignupProfileDraft } from '../../shared/api/registration';
import type { Language } from '../../shared/kiosk-api';
import type { Member } from '../../shared/portal-api/types';
import { e164ToMobile, normalizeFurigana } from '../../shared/registration/normalize';
import { isUnreachable, translatePortalError } from '../sync';
import type { CounterDeps } from './counter-deps';
import type { Draft, DraftMember } from './drafts';
import { emptyProfile, type FlowSession } from './flow-session';
import { FIRST_STEP } from './machine';

/** Wrong birthdates that delete a saved draft (the portal locks a member number after as many). */
const MAX_WRONG_BIRTHDATES_ON_RESUME = 5;

/**
 * Who is at the counter: a card (or a typed number) and a birthdate, checked by the portal, or
 * offline by this kiosk's roster; a saved draft of the same member resumes with the same birthdate.
 */
export class Identification {
  constructor(
    private readonly deps: CounterDeps,
    private readonly session: FlowSession,
  ) {}

  checkCard(memberNo: string): { draft: DraftHint | null } {
    this.session.sweep();
    return { draft: this.session.repo().hintFor(memberNo) };
  }

  async start(input: { flow: CounterFlow; memberNo: string; birthDate: string; via: 'card' | 'typed'; language: Language }): Promise<CounterFlowView> {
    this.session.active = null;
    this.session.sweep();
    const repo = this.session.repo();
    const now = this.deps.now();
    const birthCheck = repo.birthCheck(input.memberNo, input.birthDate);

    if (input.flow !== 'lookup') {
      const existing = repo.findFor(input.flow, input.memberNo);
      if (existing) {
        // Same card, same birthdate: carry on where the student left off (works offline too).
        if (existing.data.birthCheck !== birthCheck) this.wrongBirthdateOnResume(existing);
        existing.data.wrongBirthdates = 0;
        existing.updatedAt = now;
        existing.data.locale = input.language;
        repo.save(existing);
        this.session.active = { flowId: existing.id, flow: existing.flow, resumed: true, memory: null, submissionId: null, emailChanges: await this.session.emailChangesOf(input.flow, input.memberNo) };
        this.deps.log(`counter: ${input.flow} ${existing.id} resumed at ${existing.step}`);
        return this.session.view();
      }
    }

    const identified = await this.identify(input.flow, input.memberNo, input.birthDate);
    // Read the key again after the await: the admin wipe may have replaced it meanwhile.
    const fresh = this.session.repo();
    const { member, prefill } = identified;
    if (input.flow !== 'lookup' && identified.status !== 'active') throw new KioskError('member_not_active', 'The membership is not active.');
    if (input.flow === 'signup' && member.portalRegistered) throw new KioskError('already_registered', 'The member already has a My Portal account.');

    const draft: Draft = {
      id: randomUUID(),
      flow: input.flow as Draft['flow'],
      memberKey: fresh.memberKey(input.memberNo),
      step: FIRST_STEP[input.flow],
      createdAt: now,
      updatedAt: now,
      expiresAt: now + this.session.ttl,
      data: {
        memberNo: input.memberNo,
        birthCheck: fresh === repo ? birthCheck : fresh.birthCheck(input.memberNo, input.birthDate),
        member,
        prefill,
        email: null,
        verification: null,
        // Offline, nobody could check the code: the sign-up goes with an e-mail link instead.
        deferredVerification: member.source === 'roster',
        profile: null,
        locale: input.language,
      },
    };
    const emailChanges = await this.session.emailChangesOf(input.flow, input.memberNo);
    if (input.flow === 'lookup') {
      this.session.active = { flowId: draft.id, flow: 'lookup', resumed: false, memory: draft, submissionId: null, emailChanges };
    } else {
      fresh.save(draft);
      this.session.active = { flowId: draft.id, flow: input.flow, resumed: false, memory: null, submissionId: null, emailChanges };
    }
    this.deps.log(`counter: ${input.flow} ${draft.id} started (${input.via}, ${member.source})`);
    return this.session.view();
  }

  /**
   * The birthdate guards a saved draft offline, where the portal's lockout cannot help: after
   * MAX_WRONG_BIRTHDATES_ON_RESUME wrong tries the draft (its personal data) is deleted, and
   * the next start goes to the portal, which counts wrong birthdates itself.
   */
  private wrongBirthdateOnResume(draft: Draft): never {
    const repo = this.session.repo();
    const wrong = (draft.data.wrongBirthdates ?? 0) + 1;
    if (wrong >= MAX_WRONG_BIRTHDATES_ON_RESUME) {
      repo.delete(draft.id);
      this.deps.log(`counter: ${draft.flow} ${draft.id} deleted after ${wrong} wrong birthdates`);
      throw new KioskError('draft_discarded', 'The birthdate did not match too many times: the saved form was deleted.', { maxWrong: MAX_WRONG_BIRTHDATES_ON_RESUME });
    }
    draft.data.wrongBirthdates = wrong;
    repo.save(draft);
    throw new KioskError('birthdate_mismatch', 'The birthdate does not match.', { attemptsRemaining: MAX_WRONG_BIRTHDATES_ON_RESUME - wrong });
  }

  private async identify(
    flow: CounterFlow,
    memberNo: string,
    birthDate: string,
  ): Promise<{ member: DraftMember; prefill: SignupProfileDraft | null; status: Member['status'] }> {
    if (this.session.online()) {
      try {
        const found = await this.deps.portal().client.identifyMember(memberNo, birthDate);
        return {
          member: { name: found.name, nameKana: found.nameKana, maskedEmail: found.maskedEmail, portalRegistered: found.portalRegistered, source: 'portal' },
          prefill: prefillOf(found),
          status: found.status,
        };
      } catch (error) {
        if (!isUnreachable(error)) throw translatePortalError(error, 'Identification');
      }
    }
    // Offline: the birthdate cannot be checked and no code can be sent. A sign-up may still be
    // queued for a member this kiosk's roster knows; an email change must wait for the portal.
    if (flow === 'emailChange') throw new KioskError('portal_offline', 'An email change needs the portal (code and staff approval).');
    const local = this.deps.members().roster.byMemberNo(memberNo);
    if (!local) throw new KioskError('portal_offline', 'The portal cannot be reached and the roster does not know this member.');
    const m = local.member;
    return {
      member: { name: m.name, nameKana: m.nameKana, maskedEmail: m.maskedEmail, portalRegistered: m.portalRegistered, source: 'roster' },
      prefill: { ...emptyProfile(), name: m.name, nameKana: normalizeFurigana(m.nameKana) },
      status: m.status,
    };
  }
}

function prefillOf(member: Member): SignupProfileDraft {
  const p = member.profile;
  return {
    ...emptyProfile(),
    name: member.name,
    nameKana: normalizeFurigana(member.nameKana),
    phone: e164ToMobile(p?.phone),
    university: p?.university ?? '',
    faculty: p?.faculty ?? '',
    studentNo: p?.studentNo ?? '',
  };
}
