package org.fengqiao.gateway.ledger;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxPage(String handlerId, String status, int page, int size, long total, List<InboxItem> items) {
}
