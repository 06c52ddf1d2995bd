//! Two experts press Claim at the same moment: exactly one owns the case, every time.
use crate::on_both_engines;
use crate::support::{cast, monday_morning, open_treasury_case};
use clinic::cases::{Command, Refusal};
use clinic::store::{Store, StoreError, no_messages};

on_both_engines!(two_experts_claiming_at_once_give_exactly_one_owner);

async fn two_experts_claiming_at_once_give_exactly_one_owner<S: Store>(store: S) {
    let c = cast(&store).await;
    for round in 0..100 {
        let r = open_treasury_case(&store, &c, "แย่งกันรับ").await.case_ref;
        let claim = |expert: clinic::cases::Actor| {
            let (store, r) = (store.clone(), r.clone());
            tokio::spawn(async move {
                store
                    .act(&expert, &r, Command::Claim, monday_morning(), no_messages)
                    .await
            })
        };
        let (a, b) = (
            claim(c.treasury_expert.clone()),
            claim(c.treasury_colleague.clone()),
        );
        let results = [a.await.expect("task"), b.await.expect("task")];
        let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        for loser in results.iter().filter_map(|r| r.as_ref().err()) {
            // The loser either saw the claimed case (refusal) or lost the version race.
            let expected = matches!(
                loser,
                StoreError::Refused(Refusal::AlreadyClaimed) | StoreError::Conflict
            );
            assert!(expected, "round {round}: {loser:?}");
        }
        let stored = store.case(&c.coordinator, &r).await.expect("case");
        assert_eq!(stored.owner, winners[0].owner);
        assert_eq!(
            store.events(&c.coordinator, &r).await.expect("log").len(),
            2
        );
    }
}
