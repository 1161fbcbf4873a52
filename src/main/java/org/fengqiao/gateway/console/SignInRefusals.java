package org.fengqiao.gateway.console;

import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.fengqiao.gateway.security.SignInFormToken;
import org.fengqiao.gateway.security.TokenHandlerAugmentor;

/**
 * The console's answer to a sign-in Quarkus Security refuses, in Chinese, on a page: a sign-in form
 * posted without its CSRF token ({@code 400}); an identity provider's account that names no handler
 * ({@code 403}); a code flow that could not be completed ({@code 401}). Quarkus would answer these with
 * an empty body, or send the browser back to the sign-in page without a word. Any other refusal keeps
 * Quarkus's answer (a wrong password: the sign-in page saying so).
 *
 * <p>Put on the request after Quarkus's authentication filter has set its failure handler (order
 * -200) and before the sign-in form's post is taken (-150) or a page's permission is checked (-100):
 * lazy authentication calls whichever failure handler the request holds when it fails.
 */
@ApplicationScoped
public class SignInRefusals {

    static final int ORDER = -175;

    @Inject
    @Location("console/refused.html")
    Template refused;

    void install(@Observes Router router) {
        router.route("/console/*").order(ORDER).handler(this::answerRefusals);
    }

    private void answerRefusals(RoutingContext ctx) {
        BiConsumer<RoutingContext, Throwable> quarkus = ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
        ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, (BiConsumer<RoutingContext, Throwable>) (c, failure) -> {
            if (causedBy(failure, SignInFormToken.Refused.class)) {
                answer(c, 400, "登录表单已失效（缺少或不匹配的安全令牌），密码未经核对。请重新打开登录页后再登录。");
            } else if (causedBy(failure, TokenHandlerAugmentor.NoHandler.class)) {
                answer(c, 403, "统一身份认证的账号没有指定所代表的处置单位，无法登录矛调工作台。请联系县社会治理中心为账号配置处置单位。");
            } else if (causedBy(failure, AuthenticationCompletionException.class)) {
                answer(c, 401, "通过统一身份认证登录未能完成，请重新登录。");
            } else if (quarkus != null) {
                quarkus.accept(c, failure);
            } else {
                c.fail(failure);
            }
        });
        ctx.next();
    }

    private void answer(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
                .end(refused.data("message", message).render());
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
