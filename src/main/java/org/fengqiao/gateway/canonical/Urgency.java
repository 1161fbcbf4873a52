package org.fengqiao.gateway.canonical;

public enum Urgency {
    NORMAL, URGENT
}
