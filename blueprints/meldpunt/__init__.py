"""The public meldpunt: providers report calamiteiten and geweld, anyone can give a signaal."""
