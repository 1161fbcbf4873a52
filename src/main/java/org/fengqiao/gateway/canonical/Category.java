package org.fengqiao.gateway.canonical;

/** The Ministry of Justice's people's-mediation statistics classes (15), with their Chinese names. */
public enum Category {
    MARRIAGE_FAMILY("婚姻家庭"),
    NEIGHBOR("邻里"),
    HOUSING_HOMESTEAD("房屋宅基地"),
    CONTRACT("合同"),
    PRODUCTION_BUSINESS("生产经营"),
    DAMAGE_COMPENSATION("损害赔偿"),
    FOREST_LAND("山林土地"),
    LAND_ACQ_DEMOLITION("征地拆迁"),
    ENVIRONMENT("环境污染"),
    LABOR("劳动争议"),
    CONSUMER("消费"),
    MEDICAL("医疗"),
    TRAFFIC_ACCIDENT("道路交通事故"),
    PROPERTY_MGMT("物业"),
    OTHER("其他");

    private final String displayName;

    Category(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
