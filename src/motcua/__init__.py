"""MotCua: the electronic one-stop shop (một cửa điện tử) for Vietnamese local government."""
