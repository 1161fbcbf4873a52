package org.fengqiao.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.response.Response;

/** The same source record posted by many clients at once, as a source that retries impatiently does. */
public final class ConcurrentPosts {

    private ConcurrentPosts() {
    }

    /**
     * Posts {@code copies} times at once and checks the answers: one 202, the rest 200, all naming the
     * same dispute.
     *
     * @return that dispute's id
     */
    public static String oneDisputeOf(int copies, Callable<Response> post) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                posts.add(post);
            }
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(posts)) {
                statuses.add(f.get().statusCode());
                ids.add(f.get().jsonPath().getString("disputeId"));
            }
            assertThat(statuses).containsOnly(200, 202);
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
            assertThat(ids).containsOnly(ids.get(0));
            return ids.get(0);
        } finally {
            pool.shutdownNow();
        }
    }
}
