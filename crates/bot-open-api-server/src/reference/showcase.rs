//! The three showcase users, whose scripted conversations together carry every documented message
//! kind and one newer kind (`whatsappFlow`): the transcripts a client must be able to read.
//!
//! The shop is "Kesar Tea House", the spec's realistic examples' shop; the WhatsApp conversation
//! follows the spec's `realistic-page-1-of-2` example.

use bot_open_api_client::wire::ChannelId;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use super::fixture::{object, Person, SeededUser};
use super::messages::{bot_text, media, owned, text, text_with_buttons, Content, Script, Sender};
use crate::types::{
    AttachmentContent, CardContent, CardImage, CarouselItem, ContactContent, DynamicReplyContent,
    FormChoices, FormContent, FormElement, FormResponseContent, FormTextInput, InteractiveHeader,
    InteractiveMediaHeader, ListActions, ListContent, ListRow, ListSection, LocationContent,
    OrderContent, OrderItem, ProductItem, ProductMultiAction, ProductMultiContent, ProductSection,
    ProductSingleAction, ProductSingleContent, ReplyAction, ReplyButton, ReplyContent,
    TemplateButton, TemplateContent, TemplateHeader, TextContent,
};

const SHOP: &str = "Kesar Tea House";
const CATALOG_ID: &str = "1043781946873319";
const MEDIA: &str = "https://media.kesarteahouse.in";

/// The showcase users, dated relative to `now`.
pub(super) fn users(now: DateTime<Utc>) -> Vec<SeededUser> {
    vec![shopper(now), wholesale_buyer(now), tea_lover(now)]
}

/// Priya, a WhatsApp shopper: the catalogue, an order, a WhatsApp Flow, support. 38 messages, two
/// pages at `limit=25`.
fn shopper(now: DateTime<Utc>) -> SeededUser {
    let created = now - TimeDelta::days(21) - TimeDelta::minutes(47);
    let mut script = Script::starting(created);
    script
        .say(Sender::User, 12_480, text("Hi"))
        .say(Sender::Bot, 1_133, languages())
        .say(Sender::User, 9_872, text("English"))
        .say(Sender::Bot, 1_046, offers_opt_in())
        .say(Sender::User, 6_311, text("Yes, send me offers"))
        .say(
            Sender::Bot,
            987,
            bot_text("Done! You will hear about our sales first."),
        );
    script
        .resume_at(now - TimeDelta::days(2) - TimeDelta::hours(3))
        .say(Sender::Bot, 0, diwali_template())
        .say(Sender::User, 103_359, text("Shop now"))
        .say(
            Sender::AiAgent,
            1_069,
            text_with_buttons(
                "Hi Priya! What would you like to do today?",
                &["Browse teas", "Track my order", "Talk to us"],
            ),
        )
        .say(Sender::User, 24_267, text("Browse teas"))
        .say(Sender::Bot, 911, collections())
        .say(Sender::User, 26_312, text("Masala chai"))
        .say(Sender::Bot, 872, masala_chai_products())
        .say(Sender::User, 31_540, text("Tell me more about the Assam one"))
        .say(Sender::Bot, 1_204, assam_product())
        .say(Sender::User, 133_823, masala_chai_order())
        .say(Sender::Bot, 1_125, delivery_choice())
        .say(Sender::User, 16_324, text("Home delivery"))
        .say(
            Sender::Bot,
            907,
            bot_text("Please share your delivery location with the attach button."),
        )
        .say(
            Sender::User,
            72_317,
            Content::Location(LocationContent {
                longitude: Some("72.8236".to_owned()),
                latitude: Some("19.0658".to_owned()),
                label: Some("Home".to_owned()),
                address: Some("Carter Road, Bandra West, Mumbai 400050".to_owned()),
            }),
        )
        .say(Sender::Bot, 1_114, address_flow())
        .say(
            Sender::User,
            144_535,
            Content::FormResponse(FormResponseContent {
                form_transcript_id: Some("6700f3e4b1c2d30012ab5e91".to_owned()),
                answer_mapping: Some(json!({
                    "flatNumber": "B-1204",
                    "building": "Sea Breeze Apartments",
                    "landmark": "Opposite the Carter Road promenade",
                    "pincode": "400050",
                })),
            }),
        )
        .say(
            Sender::Bot,
            1_018,
            bot_text("Thanks Priya! Order KTH-0417 is confirmed and will reach you by Thursday."),
        )
        .say(
            Sender::Bot,
            640,
            Content::Pdf(media(&format!("{MEDIA}/invoices/KTH-0417.pdf"))),
        )
        .say(
            Sender::User,
            27_615,
            text("Also, the pack I got last week arrived torn"),
        )
        .say(
            Sender::User,
            19_553,
            Content::Image(media(&format!("{MEDIA}/inbound/6f3b2c1e9a7d.jpg"))),
        )
        .say(
            Sender::User,
            8_210,
            Content::Audio(media(&format!("{MEDIA}/inbound/6f3b2c1e9a7e.ogg"))),
        )
        .say(
            Sender::Bot,
            1_189,
            bot_text("Sorry about that! Connecting you to our support team."),
        )
        .say(
            Sender::Agent,
            101_445,
            bot_text("Hi Priya, this is Rohan from Kesar Tea House support. We will add a free \
                 replacement pack to today's order."),
        )
        .say(Sender::User, 37_671, text("That's great, thank you!"))
        .say(Sender::Agent, 15_642, support_contact())
        .say(
            Sender::Agent,
            571,
            bot_text("Save this number for any question about your orders. Anything else I can help with?"),
        )
        .say(Sender::User, 34_571, text("No, that's all"))
        .say(
            Sender::LowercaseBot,
            1_113,
            Content::Text(TextContent {
                message: Some("How would you rate your chat with us today?".to_owned()),
                buttons: owned(&["Excellent", "Good", "Poor"]),
                is_rating: Some(true),
            }),
        )
        .say(Sender::User, 13_663, text("Excellent"));
    script
        .resume_at(now - TimeDelta::hours(6) - TimeDelta::minutes(12))
        .say(Sender::User, 0, text("Where is my order?"))
        .say(
            Sender::Bot,
            1_342,
            text_with_buttons(
                "Order KTH-0417 is out for delivery and will reach you today.",
                &["Track on map"],
            ),
        )
        .say(Sender::User, 22_903, text("Thanks!"));
    let person = Person {
        user_id: "6a1f3c9e2b7d4e0012ab34cd".to_owned(),
        bot_user_id: "+919820012345".to_owned(),
        name: "Priya Sharma".to_owned(),
        channel: ChannelId::Whatsapp,
        created,
        custom_fields: object(json!({
            "name": "Priya Sharma",
            "city": "Mumbai",
            "pincode": "400050",
            "preferredLanguage": "en",
            "lastOrderId": "KTH-0417",
            "lifetimeOrders": 7,
            "marketingOptIn": true,
        })),
        tags: owned(&["diwali-sale", "repeat-customer", "support-escalated"]),
    };
    SeededUser::new(person, script.finish())
}

/// Rohan, a café owner on the website's webchat: the wholesale programme, documents, a form.
fn wholesale_buyer(now: DateTime<Utc>) -> SeededUser {
    let created = now - TimeDelta::days(9) - TimeDelta::hours(4);
    let mut script = Script::starting(created);
    script
        .say(
            Sender::AiAgent,
            38_620,
            text_with_buttons(
                "Hello! I'm Kesar's assistant. How can I help?",
                &["Wholesale", "Gift hampers", "Brewing tips"],
            ),
        )
        .say(Sender::User, 14_932, text("Wholesale"))
        .say(Sender::Bot, 1_021, wholesale_card())
        .say(Sender::User, 20_447, text("Price list"))
        .say(
            Sender::Bot,
            812,
            Content::Xls(media(&format!("{MEDIA}/wholesale/price-list-2026.xlsx"))),
        )
        .say(
            Sender::Bot,
            533,
            Content::Ppt(media(&format!("{MEDIA}/wholesale/catalogue-2026.pptx"))),
        )
        .say(Sender::User, 95_410, text("Request a quote"))
        .say(Sender::Bot, 1_277, wholesale_form())
        .say(
            Sender::User,
            118_064,
            Content::FormResponse(FormResponseContent {
                form_transcript_id: Some("66fe91b2c4d5e60012cd7a33".to_owned()),
                answer_mapping: Some(json!({
                    "companyName": "Brew & Bloom Café",
                    "monthlyVolume": "25-50 kg",
                    "deliveryFrequency": "Fortnightly",
                    "blends": ["Masala chai", "Darjeeling"],
                })),
            }),
        )
        .say(
            Sender::User,
            41_876,
            Content::Attachment(AttachmentContent {
                content_type: Some("image/jpeg".to_owned()),
                content_url: Some(format!("{MEDIA}/inbound/po-brew-and-bloom.jpg")),
            }),
        )
        .say(
            Sender::Bot,
            1_950,
            Content::Doc(media(&format!("{MEDIA}/wholesale/terms-of-trade.docx"))),
        )
        .say(
            Sender::AiAgent,
            704,
            text_with_buttons(
                "We will send your quote within a day. Anything else?",
                &["Gift hampers", "Brewing tips", "No, thanks"],
            ),
        )
        .say(Sender::User, 12_118, text("Gift hampers"))
        .say(Sender::Bot, 988, Content::Carousel(hampers()))
        .say(Sender::User, 47_339, text("Brewing tips"))
        .say(
            Sender::Bot,
            1_006,
            Content::Video(media(&format!("{MEDIA}/videos/brewing-masala-chai.mp4"))),
        )
        .say(Sender::User, 61_250, text("Thanks"));
    script
        .resume_at(now - TimeDelta::days(1) - TimeDelta::hours(2))
        .say(Sender::User, 0, text("Any update on my quote?"))
        .say(
            Sender::Agent,
            212_480,
            bot_text("Hi Rohan, Meera from wholesale here. Your quote is attached."),
        )
        .say(
            Sender::Agent,
            3_305,
            Content::Pdf(media(&format!("{MEDIA}/wholesale/quotes/Q-2026-118.pdf"))),
        );
    let person = Person {
        user_id: "6a2b8d1f0c3e4a5b6c7d8e9f".to_owned(),
        bot_user_id: "3f6c1a52-8d0e-4b7a-9c21-5e4d7f8a9b10".to_owned(),
        name: "Rohan Mehta".to_owned(),
        channel: ChannelId::Webchat,
        created,
        custom_fields: object(json!({
            "name": "Rohan Mehta",
            "company": "Brew & Bloom Café",
            "city": "Pune",
            "leadScore": 82,
            "quoteId": "Q-2026-118",
        })),
        tags: owned(&["wholesale-lead", "quote-sent"]),
    };
    SeededUser::new(person, script.finish())
}

/// Ananya, on Telegram: a store's location, a photo, a voice note, a video.
fn tea_lover(now: DateTime<Utc>) -> SeededUser {
    let created = now - TimeDelta::days(33) - TimeDelta::hours(7);
    let mut script = Script::starting(created);
    script
        .say(Sender::User, 4_210, text("/start"))
        .say(
            Sender::Bot,
            702,
            text_with_buttons(
                "Namaste! I'm the Kesar Tea House bot.",
                &["Find a store", "Tea of the week"],
            ),
        )
        .say(Sender::User, 9_115, text("Find a store"))
        .say(
            Sender::Bot,
            1_380,
            Content::Location(LocationContent {
                longitude: Some("77.6387".to_owned()),
                latitude: Some("12.9719".to_owned()),
                label: Some("Kesar Tea House, Indiranagar".to_owned()),
                address: Some("100 Feet Road, Indiranagar, Bengaluru 560038".to_owned()),
            }),
        )
        .say(Sender::User, 30_774, text("Tea of the week"))
        .say(
            Sender::Bot,
            655,
            Content::Image(media(&format!("{MEDIA}/weekly/nilgiri-frost.jpg"))),
        )
        .say(
            Sender::Bot,
            420,
            Content::Audio(media(&format!("{MEDIA}/weekly/nilgiri-frost-tasting.mp3"))),
        )
        .say(
            Sender::User,
            240_118,
            Content::Video(media(&format!("{MEDIA}/inbound/ananya-first-brew.mp4"))),
        )
        .say(
            Sender::Bot,
            1_007,
            bot_text("Lovely brew! Enjoy your Nilgiri Frost."),
        );
    let person = Person {
        user_id: "6a0e7b3c5d9f1a2b3c4d5e6f".to_owned(),
        bot_user_id: "5310942877".to_owned(),
        name: "Ananya Iyer".to_owned(),
        channel: ChannelId::Telegram,
        created,
        custom_fields: object(json!({
            "name": "Ananya Iyer",
            "city": "Bengaluru",
            "favouriteTea": "Nilgiri Frost",
        })),
        tags: owned(&["tea-of-the-week"]),
    };
    SeededUser::new(person, script.finish())
}

fn languages() -> Content {
    let row = |title: &str, description: &str| ListRow {
        title: Some(title.to_owned()),
        description: Some(description.to_owned()),
        extra: serde_json::Map::new(),
    };
    Content::DynamicList(ListContent {
        header: Some(text_header("Welcome to Kesar Tea House")),
        body: Some("Which language should we chat in?".to_owned()),
        footer: Some(SHOP.to_owned()),
        actions: Some(ListActions {
            button_text: Some("Choose language".to_owned()),
            sections: vec![ListSection {
                title: Some("Languages".to_owned()),
                row: vec![
                    row("English", "Chat in English"),
                    row("हिन्दी", "हिन्दी में बात करें"),
                    row("मराठी", "मराठीत बोला"),
                ],
            }],
        }),
    })
}

fn offers_opt_in() -> Content {
    let button = |title: &str| ReplyButton {
        type_: Some("reply".to_owned()),
        title: Some(title.to_owned()),
        id: None,
    };
    Content::DynamicReply(DynamicReplyContent {
        header: Some(InteractiveMediaHeader {
            type_: Some("image".to_owned()),
            text: None,
            url: Some(format!("{MEDIA}/campaigns/offers-banner.jpg")),
        }),
        body: Some("Would you like to hear about our offers on WhatsApp?".to_owned()),
        footer: Some("Reply STOP at any time".to_owned()),
        actions: Some(ReplyAction {
            buttons: vec![button("Yes, send me offers"), button("No, thanks")],
        }),
    })
}

fn diwali_template() -> Content {
    let button = |text: &str, payload: &str| TemplateButton {
        type_: Some("QUICK_REPLY".to_owned()),
        text: Some(text.to_owned()),
        payload: Some(payload.to_owned()),
        ..TemplateButton::default()
    };
    Content::Template(TemplateContent {
        name: Some("diwali_sale".to_owned()),
        header: Some(TemplateHeader {
            type_: Some("IMAGE".to_owned()),
            url: Some(format!("{MEDIA}/campaigns/diwali/banner.jpg")),
            ..TemplateHeader::default()
        }),
        body: Some(
            "Hi Priya, our Diwali sale is live! Get 20% off every masala chai blend.".to_owned(),
        ),
        footer: Some(SHOP.to_owned()),
        buttons: vec![
            button("Shop now", "shop_now"),
            button("Not interested", "opt_out_marketing"),
        ],
        campaign_id: Some("66f8d2a1c3b4e50012a7f9c1".to_owned()),
    })
}

fn collections() -> Content {
    let row = |title: &str, description: &str| ListRow {
        title: Some(title.to_owned()),
        description: Some(description.to_owned()),
        extra: serde_json::Map::new(),
    };
    Content::List(ListContent {
        header: Some(text_header("Our teas")),
        body: Some("Pick a collection to see what is in stock.".to_owned()),
        footer: Some(SHOP.to_owned()),
        actions: Some(ListActions {
            button_text: Some("View collections".to_owned()),
            sections: vec![
                ListSection {
                    title: Some("Chai".to_owned()),
                    row: vec![
                        row("Masala chai", "Spiced black tea blends"),
                        row("Elaichi chai", "Cardamom-forward blends"),
                    ],
                },
                ListSection {
                    title: Some("Green and herbal".to_owned()),
                    row: vec![
                        row("Green tea", "Darjeeling and Nilgiri greens"),
                        row("Herbal infusions", "Caffeine-free tulsi and chamomile"),
                    ],
                },
            ],
        }),
    })
}

/// The two masala chai products, as `(retailerId, title, subtitle, price)`.
const CHAI: [(&str, &str, &str, &str); 2] = [
    (
        "KTH-MC-250",
        "Assam Masala Chai 250 g",
        "Strong CTC with ginger and clove",
        "349",
    ),
    (
        "KTH-EC-100",
        "Elaichi Chai 100 g",
        "Green cardamom and Assam leaf",
        "199",
    ),
];

fn product_image(retailer_id: &str) -> String {
    format!("{MEDIA}/catalog/{}.jpg", retailer_id.to_lowercase())
}

fn masala_chai_products() -> Content {
    let items = CHAI
        .iter()
        .map(|(id, title, subtitle, price)| ProductItem {
            retailer_id: Some((*id).to_owned()),
            title: Some((*title).to_owned()),
            sub_title: Some((*subtitle).to_owned()),
            image: Some(product_image(id)),
            price: Some((*price).to_owned()),
        })
        .collect();
    Content::ProductMulti(ProductMultiContent {
        is_dynamic_product: Some(false),
        header: Some(text_header("Masala chai")),
        body: Some("Our best-selling chai blends, 20% off this Diwali.".to_owned()),
        footer: Some("Prices include GST".to_owned()),
        action: Some(ProductMultiAction {
            catalog_id: Some(CATALOG_ID.to_owned()),
            sections: vec![ProductSection {
                title: Some("Masala chai".to_owned()),
                items,
            }],
        }),
    })
}

fn assam_product() -> Content {
    let (id, title, subtitle, price) = CHAI[0];
    Content::ProductSingle(ProductSingleContent {
        is_dynamic_product: Some(false),
        body: Some("Bold Assam CTC, hand-blended with ginger, clove and cinnamon.".to_owned()),
        footer: Some(SHOP.to_owned()),
        action: Some(ProductSingleAction {
            catalog_id: Some(CATALOG_ID.to_owned()),
            retailer_id: Some(id.to_owned()),
            title: Some(title.to_owned()),
            sub_title: Some(subtitle.to_owned()),
            image: Some(product_image(id)),
            price: Some(price.to_owned()),
        }),
    })
}

fn masala_chai_order() -> Content {
    let items = CHAI
        .iter()
        .zip(["2", "1"])
        .map(|((id, title, subtitle, price), quantity)| OrderItem {
            retailer_id: Some((*id).to_owned()),
            quantity: Some(quantity.to_owned()),
            price: Some((*price).to_owned()),
            currency: Some("INR".to_owned()),
            title: Some((*title).to_owned()),
            sub_title: Some((*subtitle).to_owned()),
            image: Some(product_image(id)),
        })
        .collect();
    Content::Order(OrderContent {
        catalog_id: Some(CATALOG_ID.to_owned()),
        text: Some("Please pack it as a gift".to_owned()),
        items,
    })
}

fn delivery_choice() -> Content {
    let button = |title: &str, id: &str| ReplyButton {
        type_: Some("reply".to_owned()),
        title: Some(title.to_owned()),
        id: Some(id.to_owned()),
    };
    Content::Reply(ReplyContent {
        header: Some(InteractiveMediaHeader {
            type_: Some("text".to_owned()),
            text: Some("Order summary".to_owned()),
            url: None,
        }),
        body: Some(
            "2 x Assam Masala Chai 250 g, 1 x Elaichi Chai 100 g. Total INR 897. How would you \
             like to get it?"
                .to_owned(),
        ),
        footer: Some(SHOP.to_owned()),
        action: Some(ReplyAction {
            buttons: vec![
                button("Home delivery", "delivery_home"),
                button("Store pickup", "delivery_pickup"),
            ],
        }),
    })
}

fn address_flow() -> Content {
    Content::Newer {
        kind: "whatsappFlow",
        content: json!({
            "flowId": "1187355492698311",
            "flowToken": "kth-address-66f8d2a1",
            "flowCta": "Add address",
            "flowAction": "navigate",
            "screen": "DELIVERY_ADDRESS",
            "header": {"type": "text", "text": "Delivery address"},
            "body": "Tell us your flat and building so the courier finds you.",
            "footer": SHOP,
        }),
    }
}

fn support_contact() -> Content {
    Content::Contact(ContactContent {
        phone_number: Some("+912240031234".to_owned()),
        first_name: Some(SHOP.to_owned()),
        last_name: Some("Support".to_owned()),
        vcard: Some(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Kesar Tea House Support\nTEL;TYPE=WORK:+912240031234\nEND:VCARD"
                .to_owned(),
        ),
    })
}

fn wholesale_card() -> Content {
    Content::Card(CardContent {
        title: Some("Kesar for cafés".to_owned()),
        type_: Some("promotion".to_owned()),
        subtitle: Some(
            "Wholesale prices from 10 kg a month, free delivery in 12 cities".to_owned(),
        ),
        image_url: Some(CardImage {
            url: Some(format!("{MEDIA}/wholesale/cafe-programme.jpg")),
        }),
        buttons: owned(&["Request a quote", "Price list"]),
    })
}

fn wholesale_form() -> Content {
    let choices = |items: &[&str]| FormChoices {
        items: owned(items),
    };
    let element = |type_: &str, label: &str, mapping: &str| FormElement {
        type_: Some(type_.to_owned()),
        label: Some(label.to_owned()),
        required: Some(true),
        input_mapping: Some(mapping.to_owned()),
        answer_mapping: None,
        ..FormElement::default()
    };
    Content::Form(FormContent {
        bot_id: Some("6512a0c3f1e2d40012ab34ce".to_owned()),
        name: Some("wholesale-enquiry".to_owned()),
        is_archived: Some(false),
        title: Some("Wholesale enquiry".to_owned()),
        description: Some("Tell us about your café and we will send a quote.".to_owned()),
        form_elements: vec![
            FormElement {
                text_input: Some(FormTextInput {
                    validation: Some("text".to_owned()),
                    placeholder: Some("Your café's name".to_owned()),
                }),
                ..element("textInput", "Company name", "companyName")
            },
            FormElement {
                dropdown: Some(choices(&["10-25 kg", "25-50 kg", "50+ kg"])),
                ..element("dropdown", "Monthly volume", "monthlyVolume")
            },
            FormElement {
                radio_buttons: Some(choices(&["Weekly", "Fortnightly", "Monthly"])),
                ..element("radioButtons", "Delivery frequency", "deliveryFrequency")
            },
            FormElement {
                check_box: Some(choices(&["Masala chai", "Darjeeling", "Nilgiri", "Herbal"])),
                required: Some(false),
                ..element("checkBox", "Blends you are interested in", "blends")
            },
        ],
        created_by: Some("meera@kesarteahouse.in".to_owned()),
    })
}

fn hampers() -> Vec<CarouselItem> {
    [
        (
            "Festive Chai Hamper",
            "Three chai blends and a brass strainer",
            "festive",
        ),
        (
            "Darjeeling Discovery",
            "First and second flush in gift tins",
            "darjeeling",
        ),
        ("Wellness Box", "Tulsi, chamomile and rooibos", "wellness"),
    ]
    .into_iter()
    .map(|(title, subtitle, slug)| CarouselItem {
        title: Some(title.to_owned()),
        subtitle: Some(subtitle.to_owned()),
        image_url: Some(format!("{MEDIA}/hampers/{slug}.jpg")),
        buttons: owned(&["Buy now", "Details"]),
    })
    .collect()
}

fn text_header(text: &str) -> InteractiveHeader {
    InteractiveHeader {
        type_: Some("text".to_owned()),
        text: Some(text.to_owned()),
    }
}
