"""Ships the top-level content/ and resources/ inside the package, as nsp_desktop/data/...

The folders at the top of the checkout stay the source of truth; a wheel (or `pip install .`)
carries copies, so an installed app finds its toolkit without the checkout.
"""

from pathlib import Path

from setuptools import find_packages, setup

DATA = {"nsp_desktop.data.content": "content", "nsp_desktop.data.resources": "resources"}


def data_packages() -> dict[str, str]:
    """Each data folder and its subfolders as a package name -> folder mapping."""
    found = {}
    for package, folder in DATA.items():
        for sub in [Path(folder), *sorted(p for p in Path(folder).rglob("*") if p.is_dir())]:
            found[".".join((package, *sub.relative_to(folder).parts))] = sub.as_posix()
    return found


folders = data_packages()
setup(
    packages=find_packages(include=["nsp_desktop*"]) + list(folders),
    package_dir=folders,
    package_data={package: ["*"] for package in folders},
)
