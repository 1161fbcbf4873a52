package org.fengqiao.gateway.feedback;

/** The source refused the call itself (4xx): sending it again would not help. */
public class FeedbackRejectedException extends Exception {

    public FeedbackRejectedException(String message) {
        super(message);
    }
}
