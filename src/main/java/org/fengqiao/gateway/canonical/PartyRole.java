package org.fengqiao.gateway.canonical;

public enum PartyRole {
    APPLICANT, RESPONDENT, REPORTER, PARTY
}
