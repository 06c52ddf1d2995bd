//! Command menus (`setMyCommands`), built from the desk's command table (`desk::commands`), the
//! same one its parser reads: officers' in every private chat, the groups' default in every
//! group, and each bound group's and each expert's own as they are bound or join. Thai by
//! default, English for English clients; a failure is logged, not fatal.
use crate::desk::Menu;
use crate::desk::commands::menu;
use crate::store::{ChatBinding, DeskStore};
use teloxide::RequestError;
use teloxide::payloads::SetMyCommandsSetters;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

fn commands(list: Menu, english: bool) -> Vec<BotCommand> {
    menu(list)
        .map(|c| BotCommand::new(c.name, if english { c.en } else { c.th }))
        .collect()
}

/// `list` for `scope`, in Thai and in English.
pub async fn set_scope<R: Requester<Err = RequestError>>(
    bot: &R,
    scope: BotCommandScope,
    list: Menu,
) -> Result<(), RequestError> {
    bot.set_my_commands(commands(list, false))
        .scope(scope.clone())
        .await?;
    bot.set_my_commands(commands(list, true))
        .scope(scope)
        .language_code("en")
        .await?;
    Ok(())
}

/// One chat's own menu.
pub async fn set_chat<R: Requester<Err = RequestError>>(
    bot: &R,
    chat: i64,
    list: Menu,
) -> Result<(), RequestError> {
    let scope = BotCommandScope::Chat {
        chat_id: Recipient::Id(ChatId(chat)),
    };
    set_scope(bot, scope, list).await
}

/// At start: the defaults, then every bound group's own menu.
pub async fn set<R: Requester<Err = RequestError>, S: DeskStore>(bot: &R, store: &S) {
    let mut menus = vec![
        (BotCommandScope::AllPrivateChats, Menu::Officers),
        (BotCommandScope::AllGroupChats, Menu::Groups),
    ];
    match store.chat_bindings().await {
        Ok(bindings) => menus.extend(bindings.into_iter().map(|(chat, binding)| {
            let list = match binding {
                ChatBinding::Agency(_) => Menu::AgencyGroup,
                ChatBinding::Coordinators => Menu::Coordinators,
            };
            let scope = BotCommandScope::Chat {
                chat_id: Recipient::Id(ChatId(chat)),
            };
            (scope, list)
        })),
        Err(e) => tracing::warn!(%e, "menus: cannot read the bound groups"),
    }
    for (scope, list) in menus {
        if let Err(e) = set_scope(bot, scope, list).await {
            tracing::warn!(%e, "setMyCommands failed");
        }
    }
}
