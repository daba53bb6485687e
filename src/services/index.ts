/** The use cases, bound to their dependencies: what chat adapters and the scheduler call. */
import { acceptComplaint, type AcceptInput } from './accept-complaint';
import { addNote, type AddNoteInput } from './add-note';
import { answerInfo, type AnswerInfoInput } from './answer-info';
import { pruneBookkeeping } from './bookkeeping';
import { decideApproval, type DecideInput } from './decide-approval';
import { complaintHistory } from './complaint-history';
import { actOnComplaintPage, complaintPage, type PageAct } from './complaint-page';
import { openComplaintPageLink } from './complaint-page-link';
import { complaintPageOpener } from './complaint-page-open';
import { digestFor, myDigests, sendDigests } from './digest';
import { decideEscalation, prepareEscalation, type EscalationAnswer } from './decide-escalation';
import type { ServiceDeps } from './deps';
import { fileComplaint, type FileComplaintInput } from './file-complaint';
import { checkFiling, fileAcknowledged } from './file-acknowledged';
import type { RawDraft } from '../domain/validate-complaint';
import { homeFor } from './home';
import { offerToFile, type ReactionInput } from './offer-to-file';
import { prepareAction, prepareDecision, type PrepareDecisionInput, type PrepareInput } from './prepare-action';
import { proposeSolution } from './propose-solution';
import { periodReport, periodSeries, qualitySample } from './report';
import type { Period } from '../domain/period';
import { prepareSurvey, recordSurvey, type SurveyChannel, type SurveyInput } from './record-survey';
import { reopenComplaint } from './reopen-complaint';
import { confirmReview, prepareReview } from './confirm-review';
import { requestReview, type ReviewRequest } from './request-review';
import {
  requestExtension,
  requestHandover,
  requestRejection,
  type ExtensionRequest,
  type HandoverRequest,
  type RejectionRequest,
} from './request-approval';
import { requestInfo, type RequestInfoInput } from './request-info';
import { resolveComplaint, type ResolveInput } from './resolve-complaint';
import { revealContact } from './reveal-contact';
import { startInvestigation } from './start-investigation';
import { statsFor, type StatsPeriod } from './stats';
import { sweep, type SweepOptions } from './sweep';
import { complaintFor, listMyComplaints, showComplaint } from './view-complaints';
import { withdrawComplaint } from './withdraw-complaint';

type Act = { complaintId: string; actorId: string };

export function createServices(deps: ServiceDeps) {
  const openComplaintPage = complaintPageOpener(deps);
  return {
    config: deps.config,
    fileComplaint: (input: FileComplaintInput) => fileComplaint(deps, input),
    checkFiling: (draft: RawDraft) => checkFiling(deps, draft),
    fileAcknowledged: (input: FileComplaintInput) => fileAcknowledged(deps, input),
    acceptComplaint: (input: AcceptInput) => acceptComplaint(deps, input),
    startInvestigation: (input: Act) => startInvestigation(deps, input),
    requestInfo: (input: RequestInfoInput) => requestInfo(deps, input),
    answerInfo: (input: AnswerInfoInput) => answerInfo(deps, input),
    addNote: (input: AddNoteInput) => addNote(deps, input),
    proposeSolution: (input: Act & { solution: string }) => proposeSolution(deps, input),
    resolveComplaint: (input: ResolveInput) => resolveComplaint(deps, input),
    requestRejection: (input: RejectionRequest) => requestRejection(deps, input),
    requestHandover: (input: HandoverRequest) => requestHandover(deps, input),
    requestExtension: (input: ExtensionRequest) => requestExtension(deps, input),
    decideApproval: (input: DecideInput) => decideApproval(deps, input),
    prepareAction: (input: PrepareInput) => prepareAction(deps, input),
    prepareDecision: (input: PrepareDecisionInput) => prepareDecision(deps, input),
    decideEscalation: (input: { escalationId: string; actorId: string; answer: EscalationAnswer }) => decideEscalation(deps, input),
    prepareEscalation: (input: { escalationId: string; actorId: string; decision: EscalationAnswer['decision'] }) => prepareEscalation(deps, input),
    withdrawComplaint: (input: Act) => withdrawComplaint(deps, input),
    reopenComplaint: (input: Act & { reason: string }) => reopenComplaint(deps, input),
    listMyComplaints: (userId: string) => listMyComplaints(deps, userId),
    homeFor: (userId: string, calendarWarnings?: string[]) => homeFor(deps, userId, calendarWarnings),
    showComplaint: (userId: string, reference: string) => showComplaint(deps, userId, reference),
    complaintFor: (userId: string, complaintId: string) => complaintFor(deps, userId, complaintId),
    offerToFile: (input: ReactionInput) => offerToFile(deps, input),
    recordSurvey: (input: SurveyInput) => recordSurvey(deps, input),
    prepareSurvey: (input: { complaintId: string; actorId: string; channel: SurveyChannel; toShow?: boolean }) => prepareSurvey(deps, input),
    requestReview: (input: { complaintId: string } & ReviewRequest) => requestReview(deps, input),
    prepareReview: (input: { reviewId: string; actorId: string }) => prepareReview(deps, input),
    confirmReview: (input: { reviewId: string; actorId: string; note: string }) => confirmReview(deps, input),
    digestFor: (groupId: string) => digestFor(deps, groupId),
    myDigests: (userId: string, group?: string) => myDigests(deps, userId, group),
    statsFor: (userId: string, kind: StatsPeriod, options?: { chart?: boolean }) => statsFor(deps, userId, kind, options),
    complaintHistory: (userId: string, reference: string) => complaintHistory(deps, userId, reference),
    revealContact: (userId: string, complaintId: string) => revealContact(deps, userId, complaintId),
    periodReport: (period: Period) => periodReport(deps, period),
    periodSeries: (period: Period) => periodSeries(deps, period),
    qualitySample: (period: Period, size: number, seed?: number) => qualitySample(deps, period, size, seed),
    sendDigests: (groupIds?: string[]) => sendDigests(deps, groupIds),
    sweep: (options?: SweepOptions) => sweep(deps, options),
    pruneBookkeeping: () => pruneBookkeeping(deps),
    openComplaintPageLink: (token: string) => openComplaintPageLink(deps, token, deps.clock.now()),
    openComplaintPage,
    complaintPage: (complaintId: string) => complaintPage(deps, complaintId),
    actOnComplaintPage: (complaintId: string, act: PageAct) => actOnComplaintPage(deps, complaintId, act),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { ServiceDeps };
