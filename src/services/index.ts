/** The use cases, bound to their dependencies: what chat adapters and the scheduler call. */
import { acceptComplaint, type AcceptInput } from './accept-complaint';
import type { ServiceDeps } from './deps';
import { fileComplaint, type FileComplaintInput } from './file-complaint';
import { offerToFile, type ReactionInput } from './offer-to-file';
import { listMyComplaints, showComplaint } from './view-complaints';

export function createServices(deps: ServiceDeps) {
  return {
    config: deps.config,
    fileComplaint: (input: FileComplaintInput) => fileComplaint(deps, input),
    acceptComplaint: (input: AcceptInput) => acceptComplaint(deps, input),
    listMyComplaints: (userId: string) => listMyComplaints(deps, userId),
    showComplaint: (userId: string, reference: string) => showComplaint(deps, userId, reference),
    offerToFile: (input: ReactionInput) => offerToFile(deps, input),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { ServiceDeps };
