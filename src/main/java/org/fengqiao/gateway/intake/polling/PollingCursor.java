package org.fengqiao.gateway.intake.polling;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.SourceCursors;

/**
 * Where a polled source was read up to, kept in the ledger so a restarted gateway (or the instance
 * that takes the lease over) goes on from there. The cursor moves only after every item of a page
 * is recorded and receipted: a round that fails halfway reads the same page again.
 */
@ApplicationScoped
@Named("pollingCursor")
public class PollingCursor {

    @Inject
    SourceCursors cursors;
    @Inject
    Clock clock;

    /** The page's query string: the page size, and the cursor when there is one. */
    public String pageQuery(@ExchangeProperty(PollingRounds.ROUND) PollingRound round,
            @ExchangeProperty("pollCursorParameter") String cursorParameter,
            @ExchangeProperty("pollPageSizeParameter") String pageSizeParameter) throws SQLException {
        return pageSizeParameter + "=" + round.pageSize + cursors.load(round.source)
                .map(c -> "&" + cursorParameter + "=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse("");
    }

    /**
     * After a page is taken: the cursor moves to the page's next cursor. An empty page, or one
     * without a next cursor, keeps it (caught up), and so does a round that lost the polling lease
     * ({@link PollingLease#renew}). Decides whether the round reads another page.
     */
    public void moveAfterPage(@ExchangeProperty(PollingRounds.ROUND) PollingRound round) throws SQLException {
        round.pagesRead++;
        if (!round.leaseHeld) {
            round.morePages = false;
            return;
        }
        int size = round.items.size();
        String next = round.nextCursor;
        boolean moved = size > 0 && next != null && !next.isBlank();
        if (moved) {
            cursors.save(round.source, next, GatewayTime.now(clock));
        }
        round.morePages = moved && size >= round.pageSize && round.pagesRead < round.maxPages;
    }
}
