package org.fengqiao.gateway.canonical;

import java.util.Optional;

/** 诉求类型: what the citizen asks for. */
public enum AppealType {
    CONSULT("咨询"), HELP("求助"), COMPLAINT("投诉"), REPORT("举报"), SUGGESTION("建议");

    private final String displayName;

    AppealType(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public static Optional<AppealType> fromDisplayName(String name) {
        for (AppealType type : values()) {
            if (type.displayName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
