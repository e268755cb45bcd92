//! Transcript messages as the fixture writes them: who sent what, when.
//!
//! [`Content`] pairs each kind with its content type, so a seeded message always carries its content
//! under the key its `type` names, as the service's messages do.

use bot_open_api_client::wire::MessageKind;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Map, Value};

use super::dates;
use crate::types::{
    AttachmentContent, CardContent, CarouselItem, ContactContent, DynamicReplyContent, FormContent,
    FormResponseContent, ListContent, LocationContent, MediaContent, MessageSender, OrderContent,
    ProductMultiContent, ProductSingleContent, ReplyContent, TemplateContent, TextContent,
    TranscriptMessage,
};

/// A message of the fixture, with its time parsed for filtering.
#[derive(Debug, Clone)]
pub(super) struct SeededMessage {
    pub at: DateTime<Utc>,
    pub message: TranscriptMessage,
}

/// Who sends a message, as the service writes `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sender {
    User,
    Bot,
    /// The bot, spelt `bot`: the service's case varies, and clients must cope.
    LowercaseBot,
    AiAgent,
    /// A human agent, who writes as `Bot` with `isFromAgent: true`.
    Agent,
}

/// The content of one message, by kind.
#[derive(Debug, Clone)]
pub(super) enum Content {
    Text(TextContent),
    Attachment(AttachmentContent),
    Card(CardContent),
    Carousel(Vec<CarouselItem>),
    List(ListContent),
    Reply(ReplyContent),
    Order(OrderContent),
    Template(TemplateContent),
    ProductSingle(ProductSingleContent),
    ProductMulti(ProductMultiContent),
    DynamicList(ListContent),
    DynamicReply(DynamicReplyContent),
    Form(FormContent),
    FormResponse(FormResponseContent),
    Location(LocationContent),
    Contact(ContactContent),
    Audio(MediaContent),
    Video(MediaContent),
    Image(MediaContent),
    Pdf(MediaContent),
    Doc(MediaContent),
    Xls(MediaContent),
    Ppt(MediaContent),
    /// A kind newer than the docs; its content goes under a key of the kind's name.
    Newer {
        kind: &'static str,
        content: Value,
    },
}

/// A plain text message.
pub(super) fn text(message: &str) -> Content {
    Content::Text(TextContent {
        message: Some(message.to_owned()),
        ..TextContent::default()
    })
}

/// A text message offering buttons.
pub(super) fn text_with_buttons(message: &str, buttons: &[&str]) -> Content {
    Content::Text(TextContent {
        message: Some(message.to_owned()),
        buttons: owned(buttons),
        is_rating: Some(false),
    })
}

/// A bot's text without buttons; the service marks it as no rating question.
pub(super) fn bot_text(message: &str) -> Content {
    text_with_buttons(message, &[])
}

/// The content of the media kinds: where to download it.
pub(super) fn media(url: &str) -> MediaContent {
    MediaContent {
        url: Some(url.to_owned()),
    }
}

pub(super) fn owned(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|text| (*text).to_owned()).collect()
}

/// Writes a conversation: each message a given number of milliseconds after the one before.
#[derive(Debug)]
pub(super) struct Script {
    clock: DateTime<Utc>,
    messages: Vec<SeededMessage>,
}

impl Script {
    /// A conversation whose first message is sent at `start`.
    pub fn starting(start: DateTime<Utc>) -> Self {
        Self {
            clock: start,
            messages: Vec::new(),
        }
    }

    /// Sends `content` from `from`, `after_ms` after the previous message (or the start).
    pub fn say(&mut self, from: Sender, after_ms: i64, content: Content) -> &mut Self {
        self.clock += TimeDelta::milliseconds(after_ms);
        self.messages.push(SeededMessage {
            at: self.clock,
            message: message(from, self.clock, content),
        });
        self
    }

    /// Moves the clock to `at` for a later session (never backwards: messages stay in order).
    pub fn resume_at(&mut self, at: DateTime<Utc>) -> &mut Self {
        self.clock = self.clock.max(at);
        self
    }

    pub fn finish(self) -> Vec<SeededMessage> {
        self.messages
    }
}

fn message(from: Sender, at: DateTime<Utc>, content: Content) -> TranscriptMessage {
    let stamp = dates::format(at);
    let bot_side = from != Sender::User;
    let mut message = TranscriptMessage {
        attachment: None,
        audio: None,
        card: None,
        carousel: Vec::new(),
        contact: None,
        created_at: Some(stamp.clone()),
        doc: None,
        dynamic_list: None,
        dynamic_reply: None,
        form: None,
        form_response: None,
        from: Some(MessageSender(from.wire().to_owned())),
        image: None,
        is_config_message: bot_side.then_some(false),
        is_from_agent: bot_side.then_some(from == Sender::Agent),
        is_preview_user: Some(false),
        list: None,
        location: None,
        order: None,
        pdf: None,
        ppt: None,
        product_multi: None,
        product_single: None,
        reply: None,
        template: None,
        text: None,
        type_: MessageKind::Text,
        updated_at: Some(stamp),
        video: None,
        xls: None,
        extra: Map::new(),
    };
    message.type_ = match content {
        Content::Text(content) => {
            message.text = Some(content);
            MessageKind::Text
        }
        Content::Attachment(content) => {
            message.attachment = Some(content);
            MessageKind::Attachment
        }
        Content::Card(content) => {
            message.card = Some(content);
            MessageKind::Card
        }
        Content::Carousel(content) => {
            message.carousel = content;
            MessageKind::Carousel
        }
        Content::List(content) => {
            message.list = Some(content);
            MessageKind::List
        }
        Content::Reply(content) => {
            message.reply = Some(content);
            MessageKind::Reply
        }
        Content::Order(content) => {
            message.order = Some(content);
            MessageKind::Order
        }
        Content::Template(content) => {
            message.template = Some(content);
            MessageKind::Template
        }
        Content::ProductSingle(content) => {
            message.product_single = Some(content);
            MessageKind::ProductSingle
        }
        Content::ProductMulti(content) => {
            message.product_multi = Some(content);
            MessageKind::ProductMulti
        }
        Content::DynamicList(content) => {
            message.dynamic_list = Some(content);
            MessageKind::DynamicList
        }
        Content::DynamicReply(content) => {
            message.dynamic_reply = Some(content);
            MessageKind::DynamicReply
        }
        Content::Form(content) => {
            message.form = Some(content);
            MessageKind::Form
        }
        Content::FormResponse(content) => {
            message.form_response = Some(content);
            MessageKind::FormResponse
        }
        Content::Location(content) => {
            message.location = Some(content);
            MessageKind::Location
        }
        Content::Contact(content) => {
            message.contact = Some(content);
            MessageKind::Contact
        }
        Content::Audio(content) => {
            message.audio = Some(content);
            MessageKind::Audio
        }
        Content::Video(content) => {
            message.video = Some(content);
            MessageKind::Video
        }
        Content::Image(content) => {
            message.image = Some(content);
            MessageKind::Image
        }
        Content::Pdf(content) => {
            message.pdf = Some(content);
            MessageKind::Pdf
        }
        Content::Doc(content) => {
            message.doc = Some(content);
            MessageKind::Doc
        }
        Content::Xls(content) => {
            message.xls = Some(content);
            MessageKind::Xls
        }
        Content::Ppt(content) => {
            message.ppt = Some(content);
            MessageKind::Ppt
        }
        Content::Newer { kind, content } => {
            message.extra.insert(kind.to_owned(), content);
            MessageKind::from_wire(kind.to_owned())
        }
    };
    message
}

impl Sender {
    fn wire(self) -> &'static str {
        match self {
            Self::User => "User",
            Self::Bot | Self::Agent => "Bot",
            Self::LowercaseBot => "bot",
            Self::AiAgent => "aiAgent",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_sits_under_the_key_its_type_names() {
        let start = Utc::now();
        let mut script = Script::starting(start);
        script
            .say(Sender::User, 0, text("hi"))
            .say(Sender::Agent, 1500, Content::Pdf(media("https://x/y.pdf")))
            .say(
                Sender::Bot,
                10,
                Content::Newer {
                    kind: "whatsappFlow",
                    content: serde_json::json!({"flowId": "1"}),
                },
            );
        let messages = script.finish();
        let json: Vec<Value> = messages
            .iter()
            .map(|seeded| serde_json::to_value(&seeded.message).unwrap())
            .collect();
        assert_eq!(json[0]["type"], "text");
        assert_eq!(json[0]["text"]["message"], "hi");
        assert_eq!(json[0]["from"], "User");
        assert!(json[0].get("isFromAgent").is_none());
        assert_eq!(json[1]["pdf"]["url"], "https://x/y.pdf");
        assert_eq!(json[1]["isFromAgent"], true);
        assert_eq!(json[2]["type"], "whatsappFlow");
        assert_eq!(json[2]["whatsappFlow"]["flowId"], "1");
        assert_eq!(messages[1].at, start + TimeDelta::milliseconds(1500));
        assert_eq!(json[1]["createdAt"], dates::format(messages[1].at));
    }
}
