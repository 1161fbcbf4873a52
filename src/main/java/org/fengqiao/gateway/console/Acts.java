package org.fengqiao.gateway.console;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.EventType;
import org.fengqiao.gateway.canonical.HandlerEvent;
import org.fengqiao.gateway.handling.HandlingService;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.Localized;
import org.fengqiao.gateway.problem.ProblemTexts;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * What a clerk does from the console, through the same {@link HandlingService} as the REST API and
 * the events queue: one rule set, one ledger. The act is the signed-in caller's handler's, done by the
 * signed-in person. The only place the console builds a {@link HandlerEvent}.
 */
@ApplicationScoped
class Acts {

    @Inject
    HandlingService handling;

    /**
     * 签收.
     *
     * @return the refusal in Chinese, beside the form; empty when it was signed
     */
    Optional<String> sign(StaffCaller caller, String disputeId) throws Exception {
        return apply(new HandlerEvent(EventType.SIGNED, disputeId, caller.id(), null, caller.person(), null, null, null,
                null, null, null));
    }

    private Optional<String> apply(HandlerEvent event) throws Exception {
        try {
            handling.apply(new HandlingService.Received(event, Set.of()));
            return Optional.empty();
        } catch (InvalidRequestException e) {
            return Optional.of(ProblemTexts.violations(ProblemTexts.CHINESE, e.violations()).stream()
                    .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("；")));
        } catch (RuntimeException e) {
            if (e instanceof Localized localized && localized.text() != null) {
                return Optional.of(Labels.refusal(ProblemTexts.render(ProblemTexts.CHINESE, localized.text())));
            }
            throw e;
        }
    }

    /** 批准延期, by the county centre: {@code days} granted (null: all those asked). */
    Optional<String> approveExtension(StaffCaller caller, String disputeId, Integer days) throws Exception {
        return apply(new HandlerEvent(EventType.EXTENSION_APPROVED, disputeId, caller.id(), null, caller.person(),
                null, null, null, days, null, null));
    }

    /** 不批准延期, by the county centre, with its reason. */
    Optional<String> refuseExtension(StaffCaller caller, String disputeId, String reason) throws Exception {
        return apply(new HandlerEvent(EventType.EXTENSION_REFUSED, disputeId, caller.id(), null, caller.person(),
                null, null, null, null, reason, null));
    }
}
