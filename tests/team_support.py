"""Test helpers for team sharing: a laptop is a data folder with its store, synced through a folder."""

from pathlib import Path

from nsp_desktop.core.content import load_toolkit
from nsp_desktop.core.store import Store
from nsp_desktop.core.team import sync as team_sync
from tests.helpers import CONTENT

TOOLKIT = load_toolkit(CONTENT)
POLICY = "cancel-detention-contracts"
ITEM = "gather-contract-data"


class Laptop:
    """One person's data folder, open, with the workspace they share."""

    def __init__(self, root: Path, name: str):
        self.name = name
        self.data_dir = root / f"data-{name}"
        self.store = Store.open(self.data_dir)
        self.workspace = self.store.current_workspace().id

    def join(self, folder: Path, workspace: str | None = None) -> team_sync.Joined:
        joined = team_sync.join(self.store, folder, self.name, self.data_dir, workspace)
        self.workspace = joined.workspace.id
        return joined

    def sync(self) -> team_sync.SyncReport:
        return team_sync.sync(self.store, self.workspace)

    def state(self):
        return self.store.workspace_state(TOOLKIT, self.workspace)

    def done(self, policy: str = POLICY, item: str = ITEM) -> bool:
        return next(i.done for i in self.state().policy(policy).items if i.id == item)

    def view(self) -> tuple:
        """Everything a person sees in the workspace, without local row IDs and times."""
        out = []
        for policy in self.state().policies:
            items = tuple((i.text if i.custom else i.id, i.done, i.retired) for i in policy.items)
            out.append((policy.id, policy.status, policy.owner, policy.due, policy.note, items))
        return tuple(out)

    def close(self) -> None:
        self.store.close()
