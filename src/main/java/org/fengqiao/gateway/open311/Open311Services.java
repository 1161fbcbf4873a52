package org.fengqiao.gateway.open311;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fengqiao.gateway.canonical.Category;

/**
 * The canonical categories as Open311 services: the service code is the category's code, its name
 * and description are Chinese. A category whose handlers need more than a description asks for it
 * with attributes ({@code metadata: true}); their values become the dispute's fields.
 */
public final class Open311Services {

    /** One attribute of a service definition. {@code field} is the dispute field its value fills. */
    public record Attribute(String code, String datatype, boolean required, String description,
            String datatypeDescription, int order, String field) {
    }

    public record Service(Category category, String name, String description, List<Attribute> attributes) {

        public String code() {
            return category.name();
        }

        public boolean metadata() {
            return !attributes.isEmpty();
        }
    }

    static final Attribute PERSON_COUNT = new Attribute("person_count", "number", false, "涉及人数",
            "整数，1 或以上；5 人以上按群体性纠纷处理", 1, "personCount");
    static final Attribute AMOUNT = new Attribute("amount", "number", false, "涉及金额（元）",
            "数字，0 或以上，最多两位小数", 2, "amount");

    private static final Map<Category, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(Category.MARRIAGE_FAMILY, "婚姻、家庭、赡养、抚养、继承等家庭成员之间的纠纷。"),
            Map.entry(Category.NEIGHBOR, "相邻关系、通行、采光、排水、噪音等邻里之间的纠纷。"),
            Map.entry(Category.HOUSING_HOMESTEAD, "房屋买卖、租赁、建房及宅基地使用的纠纷。"),
            Map.entry(Category.CONTRACT, "买卖、借款、承揽等合同与债务纠纷。"),
            Map.entry(Category.PRODUCTION_BUSINESS, "生产经营活动中的纠纷。"),
            Map.entry(Category.DAMAGE_COMPENSATION, "人身或财产受到损害要求赔偿的纠纷。"),
            Map.entry(Category.FOREST_LAND, "山林、土地承包与使用的纠纷。"),
            Map.entry(Category.LAND_ACQ_DEMOLITION, "征地、拆迁、安置补偿的纠纷。"),
            Map.entry(Category.ENVIRONMENT, "环境污染、噪声扰民等引起的纠纷。"),
            Map.entry(Category.LABOR, "劳动报酬、欠薪、工伤、劳动合同等劳动争议。"),
            Map.entry(Category.CONSUMER, "购买商品或接受服务引起的消费纠纷。"),
            Map.entry(Category.MEDICAL, "诊疗活动引起的医患纠纷。"),
            Map.entry(Category.TRAFFIC_ACCIDENT, "道路交通事故引起的赔偿纠纷。"),
            Map.entry(Category.PROPERTY_MGMT, "业主与物业服务企业之间的纠纷。"),
            Map.entry(Category.OTHER, "不属于以上类别的矛盾纠纷。"));

    private static final Map<Category, List<Attribute>> ATTRIBUTES = Map.of(
            Category.LABOR, List.of(PERSON_COUNT, AMOUNT),
            Category.CONTRACT, List.of(AMOUNT),
            Category.DAMAGE_COMPENSATION, List.of(AMOUNT),
            Category.LAND_ACQ_DEMOLITION, List.of(PERSON_COUNT));

    private static final List<Service> ALL;

    static {
        List<Service> all = new ArrayList<>();
        for (Category category : Category.values()) {
            String name = category.displayName();
            // 劳动争议 and 道路交通事故 read as they are; the others as a kind of dispute (纠纷).
            String shown = name.endsWith("争议") ? name : name + "纠纷";
            all.add(new Service(category, shown, DESCRIPTIONS.get(category), ATTRIBUTES.getOrDefault(category, List.of())));
        }
        ALL = List.copyOf(all);
    }

    private Open311Services() {
    }

    public static List<Service> all() {
        return ALL;
    }

    public static Optional<Service> byCode(String code) {
        return ALL.stream().filter(s -> s.code().equals(code)).findFirst();
    }
}
