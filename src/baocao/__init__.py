"""baocao: the yearly review of Party units and members, from YAML data to Word documents."""

__version__ = "0.1.0"
